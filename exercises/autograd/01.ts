/**
 * Exercise 01: f(x) = (x − 10)² and its derivative with `grad`.
 *
 * @module
 */

import { callCheck } from "../check.ts";
import { defineExercise } from "../define.ts";
import { uniform } from "../domain.ts";
import type { Exercise } from "../types.ts";
import { md } from "../_md.ts";

const prompt = md`Let's do some differentiation!

The main function of dualgrade is \`grad\`.
It differentiates a function at a point it has been evaluated
with relation to its first argument
(or another argument if you pass \`argnum\`, the second parameter).
dualgrade also gives you \`np\`, numpy's functions under numpy's names,
so that numbers and arrays can be differentiated with relation to.

\`\`\`ts
import { grad, np } from "../mod.ts"; // the path to dualgrade's mod.ts, or its URL
\`\`\`

Let's start with an example, we will take the function

$$
f(x) = (x - 3)^2
$$

And we know that

$$
\frac{df}{dx} = 2(x - 3)
$$

Now we will use \`grad\` to do this for us.
But \`grad\` evaluates the derivative at a point, so we will use $x = 7$.

Note: **JavaScript's operators do not work under \`grad\`**:
\`(x - 3) ** 2\` throws when \`grad\` calls it.
Write arithmetic with \`np\` (\`np.subtract\`, \`np.multiply\`, \`np.divide\`, \`np.power\`, …).
Every number in TypeScript is a float, so the notebook's warning about writing
\`7\` instead of \`7.\` does not apply here.

\`\`\`ts
const fun = (x: number) => np.power(np.subtract(x, 3), 2);

const funGrad = grad(fun);
const x = 7;
console.log(fun(x)); // 16
console.log(funGrad(7)); // 8
\`\`\`

Which seems about correct, $(7 - 3)^2 = 16$ and $2(7 - 3) = 8$.
Let's try this out.

#### 1. Evaluate the function $f(x) = (x - 10)^2$ and its derivative (using \`grad\`) at

A) $x = 3$

B) $x = 10$

C) $x = 12$

Export the function as \`f\` and its derivative, made with \`grad\`, as \`fGrad\`.
Both are also checked at points you have not seen.
`;

/**
 * Exercise 01: evaluate f(x) = (x − 10)² and its derivative, by `grad`, at
 * 3, 10 and 12 (and at hidden points).
 *
 * @example
 * ```ts
 * import { exercise01 } from "./01.ts";
 * console.log(Object.keys(exercise01.exports)); // ["f", "fGrad"]
 * ```
 */
export const exercise01: Exercise = defineExercise({
  id: "01",
  title: "f(x) = (x − 10)² and its derivative",
  prompt,
  exports: {
    f: {
      kind: "function",
      type: "(x: number) => number",
      doc: "f(x) = (x − 10)².",
    },
    fGrad: {
      kind: "function",
      type: "(x: number) => number",
      doc: "The derivative of f, made with grad.",
    },
  },
  checks: [
    callCheck({
      name: "f at 3, 10, 12",
      points: 1,
      export: "f",
      at: [[3], [10], [12]],
    }),
    callCheck({
      name: "fGrad at 3",
      points: 1,
      export: "fGrad",
      at: [[3]],
      hint:
        "fGrad is made by grad, not written out: export const fGrad = grad(f)",
    }),
    callCheck({ name: "fGrad at 10", points: 1, export: "fGrad", at: [[10]] }),
    callCheck({ name: "fGrad at 12", points: 1, export: "fGrad", at: [[12]] }),
    callCheck({
      name: "f at hidden points",
      points: 1,
      export: "f",
      random: { count: 5, args: [uniform(-20, 40)] },
    }),
    callCheck({
      name: "fGrad at hidden points",
      points: 1,
      export: "fGrad",
      random: { count: 5, args: [uniform(-20, 40)] },
    }),
  ],
}, import.meta.url);
