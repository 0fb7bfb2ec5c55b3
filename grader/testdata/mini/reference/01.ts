import { grad, np } from "../../../../mod.ts";

export const square = (x: number): number => np.multiply(x, x);
export const squareGrad: (x: number) => number = grad(square);
