/**
 * Exercise 05 (optional): exercise 04's partial derivatives on paper.
 *
 * @module
 */

import { np } from "../../mod.ts";
import { byHandCheck } from "../check.ts";
import { defineExercise } from "../define.ts";
import { tuple, uniform } from "../domain.ts";
import { md } from "../_md.ts";
import type { Exercise } from "../types.ts";

const prompt =
  md`#### 5. (optional) Verify the results from the previous exercise on paper

Work out $\frac{\partial f}{\partial x}$, $\frac{\partial f}{\partial y}$
and $\frac{\partial f}{\partial z}$ of $f(x, y, z) = x^2y3^z$ by hand,
then write them as \`fGradByHand\`, a function of plain numbers
(\`Math\` and JavaScript's operators are fine here; no \`grad\`)
taking \`[x, y, z]\` and returning \`[∂f/∂x, ∂f/∂y, ∂f/∂z]\`.
It is compared with the gradient \`grad\` computes,
at $x = 3$, $y = -1$, $z = 2$ and at points you have not seen.

This exercise only gives bonus points: it never costs any.
`;

/** Exercise 04's function, written with np so grad can differentiate it. */
const f = ([x, y, z]: number[]) =>
  np.multiply(np.multiply(np.power(x, 2), y), np.power(3, z));

/**
 * Exercise 05 (optional, bonus points only): the partial derivatives of
 * x²·y·3ᶻ worked out by hand, compared with `grad`'s.
 *
 * @example
 * ```ts
 * import { exercise05 } from "./05.ts";
 * console.log(exercise05.checks.every((c) => c.optional)); // true
 * ```
 */
export const exercise05: Exercise = defineExercise({
  id: "05",
  title: "(optional) Exercise 4's partial derivatives on paper",
  prompt,
  exports: {
    fGradByHand: {
      kind: "function",
      type: "(args: number[]) => number[]",
      doc: "[∂f/∂x, ∂f/∂y, ∂f/∂z] of f(x, y, z) = x²·y·3ᶻ, worked out by hand.",
    },
  },
  checks: [
    byHandCheck({
      name: "fGradByHand at [3, -1, 2]",
      points: 1,
      optional: true,
      export: "fGradByHand",
      of: f,
      at: [[[3, -1, 2]]],
    }),
    byHandCheck({
      name: "fGradByHand at hidden points",
      points: 2,
      optional: true,
      export: "fGradByHand",
      of: f,
      random: {
        count: 8,
        args: [tuple(uniform(-3, 3), uniform(-3, 3), uniform(-2, 2))],
      },
    }),
  ],
}, import.meta.url);
