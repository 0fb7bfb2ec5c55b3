/**
 * Exercise 04: the three partial derivatives of x²·y·3ᶻ.
 *
 * @module
 */

import { callCheck } from "../check.ts";
import { defineExercise } from "../define.ts";
import { tuple, uniform } from "../domain.ts";
import { md } from "../_md.ts";
import type { Exercise } from "../types.ts";

const prompt =
  md`\`grad\` differentiates only one of the arguments (by default the first).
Yet, that argument may be an array or another structure of numbers,
that way we are able to differentiate multidimensional functions.
For example we may have

$$
f(x, y) = x^2 + 3y
$$

And we want to differentiate with relation to (wrt) both $x$ and $y$.
We can do the following

\`\`\`ts
const f = ([x, y]: number[]) => np.add(np.power(x, 2), np.multiply(3, y));

const fGrad = grad(f);
const args = [3, 2];
console.log(f(args)); // 15
console.log(fGrad(args)); // [ 6, 3 ]
\`\`\`

The gradient has the structure of the argument: an array of two numbers.
So \`grad\` did compute

$$
\frac{\partial f}{\partial x} = 2x
$$

and

$$
\frac{\partial f}{\partial y} = 3
$$

And got it right, $2*3 = 6$ and $3 = 3$.

#### 4. Evaluate all three partial derivatives for $f(x, y, z) = x^2y3^z$ at $x = 3$, $y = -1$ and $z = 2$

i.e. evaluate $\frac{\partial f}{\partial x}$, $\frac{\partial f}{\partial y}$
and $\frac{\partial f}{\partial z}$ using \`grad\`.

Export the function as \`f\`, taking one argument \`[x, y, z]\`,
and its gradient, made with \`grad\`, as \`fGrad\`
(returning \`[∂f/∂x, ∂f/∂y, ∂f/∂z]\`).
Both are also checked at points you have not seen.
`;

const xyz = tuple(uniform(-3, 3), uniform(-3, 3), uniform(-2, 2));

/**
 * Exercise 04: f(x, y, z) = x²·y·3ᶻ and its gradient by `grad`, at
 * [3, −1, 2] and at hidden points.
 *
 * @example
 * ```ts
 * import { exercise04 } from "./04.ts";
 * console.log(exercise04.exports.fGrad.type);
 * ```
 */
export const exercise04: Exercise = defineExercise({
  id: "04",
  title: "Three partial derivatives of x²y3ᶻ",
  prompt,
  exports: {
    f: {
      kind: "function",
      type: "(args: number[]) => number",
      doc: "f([x, y, z]) = x²·y·3ᶻ.",
    },
    fGrad: {
      kind: "function",
      type: "(args: number[]) => number[]",
      doc: "The gradient of f, [∂f/∂x, ∂f/∂y, ∂f/∂z], made with grad.",
    },
  },
  checks: [
    callCheck({
      name: "f at [3, -1, 2]",
      points: 1,
      export: "f",
      at: [[[3, -1, 2]]],
    }),
    callCheck({
      name: "fGrad at [3, -1, 2]",
      points: 2,
      export: "fGrad",
      at: [[[3, -1, 2]]],
      hint:
        "grad(f) of f([x, y, z]) returns the three partial derivatives [∂f/∂x, ∂f/∂y, ∂f/∂z] as one array",
    }),
    callCheck({
      name: "f at hidden points",
      points: 1,
      export: "f",
      random: { count: 5, args: [xyz] },
    }),
    callCheck({
      name: "fGrad at hidden points",
      points: 2,
      export: "fGrad",
      random: { count: 5, args: [xyz] },
    }),
  ],
}, import.meta.url);
