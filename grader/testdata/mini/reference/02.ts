import { np, type Tensor } from "../../../../mod.ts";

export const answer = 42;
export const flag = true;
export const M: Tensor = np.array([[1, 2], [3, 4]]);
export const bonus = 7;
