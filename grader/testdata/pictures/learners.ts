/**
 * A small class for the picture tests: copies of the reference solutions,
 * each learner with its own kind of mistake, so pages show where and how
 * each is wrong.
 *
 * @module
 */

import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";

const repo = join(dirname(fileURLToPath(import.meta.url)), "..", "..", "..");
const solutions = join(repo, "solutions", "autograd");

/** Rewrites one file of a learner's copy; `null` leaves the file out. */
export type Edit = (file: string, text: string) => string | null;

/**
 * Writes a copy of the reference solutions for `learner` under `classDir`,
 * importing the framework by a relative path, and returns its folder.
 */
export async function learnerCopy(
  classDir: string,
  learner: string,
  edit: Edit = (_f, t) => t,
): Promise<string> {
  const dir = join(classDir, learner);
  await Deno.mkdir(dir, { recursive: true });
  const mod = relative(dir, join(repo, "mod.ts"));
  for await (const e of Deno.readDir(solutions)) {
    if (!e.name.endsWith(".ts")) continue;
    const text = (await Deno.readTextFile(join(solutions, e.name))).replaceAll(
      '"../../mod.ts"',
      JSON.stringify(mod),
    );
    const edited = edit(e.name, text);
    if (edited !== null) await Deno.writeTextFile(join(dir, e.name), edited);
  }
  return dir;
}

/** Replaces `from` by `to` in `file`, failing loudly when `from` is absent. */
export function replaceIn(file: string, from: string, to: string): Edit {
  return (f, t) => {
    if (f !== file) return t;
    if (!t.includes(from)) {
      throw new Error(`Cannot edit ${file}: ${JSON.stringify(from)} is absent`);
    }
    return t.replace(from, to);
  };
}

/**
 * The class: `ada` is right everywhere; `ben` has one wrong exercise (03:
 * cos(x²) for cos²(x) in f3); `cy` returns exercise 06's gradient of f1
 * doubled; `dee` shifted f in 01 by one; `eve` has no 02; `fay` flipped the
 * sign of 02's derivative.
 */
export const CLASS: Record<string, Edit> = {
  ada: (_f, t) => t,
  ben: replaceIn(
    "03.ts",
    "np.power(np.cos(x), 2)",
    "np.cos(np.power(x, 2))",
  ),
  cy: replaceIn(
    "06.ts",
    "export const f1Grad: (args: Tensor[]) => Tensor[] = grad(f1);",
    "const f1GradRight = grad(f1);\n" +
      "export const f1Grad = (args: Tensor[]): Tensor[] => {\n" +
      "  const [dW, dV] = f1GradRight(args);\n" +
      "  return [np.multiply(dW, 2), np.multiply(dV, 2)];\n" +
      "};",
  ),
  dee: replaceIn("01.ts", "np.subtract(x, 10)", "np.subtract(x, 11)"),
  eve: (f, t) => (f === "02.ts" ? null : t),
  fay: replaceIn("02.ts", "2 * (x - 10)", "-2 * (x - 10)"),
};
