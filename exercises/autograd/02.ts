/**
 * Exercise 02: the derivative of f(x) = (x − 10)² on paper.
 *
 * @module
 */

import { np } from "../../mod.ts";
import { byHandCheck } from "../check.ts";
import { defineExercise } from "../define.ts";
import { uniform } from "../domain.ts";
import { md } from "../_md.ts";
import type { Exercise, Mistake } from "../types.ts";

const prompt =
  md`#### 2. Evaluate, on paper, the derivative of $f(x) = (x - 10)^2$

Note that in this case we can mostly ignore the existence of the $-10$
and use the basic rule of derivative powers:

$$
\frac{dx^n}{dx} = n \cdot x^{(n - 1)}
$$

Do it by analogy with the derivative of $(x - 3)^2$ in exercise 1.

Then write the derivative you found as \`fPrime\`, a function of plain numbers
(\`Math\` and JavaScript's operators are fine here; no \`grad\`).
It is compared with the derivative \`grad\` computes, at $x = 3$, $10$ and $12$
and at points you have not seen.
`;

/** The function exercise 02 differentiates, written with np so grad can. */
const f = (x: number) => np.power(np.subtract(x, 10), 2);

/** Derivatives learners often find instead of 2(x − 10), and what to change. */
const mistakes: Mistake[] = [
  {
    variant: (x: number) => x - 10,
    hint:
      "this is (x − 10), as if the derivative of x² were x: the power rule brings the exponent down, d(x²)/dx = 2x",
  },
  {
    variant: (x: number) => 2 * x,
    hint: "this is 2x: the −10 stays inside, the derivative is 2(x − 10)",
  },
];

/**
 * Exercise 02: the derivative of f(x) = (x − 10)² worked out by hand,
 * compared with `grad`'s.
 *
 * @example
 * ```ts
 * import { exercise02 } from "./02.ts";
 * console.log(exercise02.checks.map((c) => c.kind)); // ["byHand", "byHand"]
 * ```
 */
export const exercise02: Exercise = defineExercise({
  id: "02",
  title: "The derivative of (x − 10)² on paper",
  prompt,
  exports: {
    fPrime: {
      kind: "function",
      type: "(x: number) => number",
      doc: "The derivative of f(x) = (x − 10)², worked out by hand.",
    },
  },
  checks: [
    byHandCheck({
      name: "fPrime at 3, 10, 12",
      points: 1,
      export: "fPrime",
      of: f,
      at: [[3], [10], [12]],
      mistakes,
    }),
    byHandCheck({
      name: "fPrime at hidden points",
      points: 2,
      export: "fPrime",
      of: f,
      random: { count: 8, args: [uniform(-50, 50)] },
      mistakes,
    }),
  ],
}, import.meta.url);
