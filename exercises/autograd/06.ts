/**
 * Exercise 06: derivatives of mean(W·V) and mean(V·W) with respect to the
 * matrices W and V.
 *
 * @module
 */

import { grad, np, type Tensor } from "../../mod.ts";
import { callCheck, valueCheck } from "../check.ts";
import { defineExercise } from "../define.ts";
import { tensor, tuple } from "../domain.ts";
import { md } from "../_md.ts";
import type { Exercise, Mistake } from "../types.ts";

const prompt = md`#### 6. Evaluate the derivative of matrix multiplication

Given

$$
W = \left[
\begin{matrix}
0.3 & -0.2 & 0.1 \\
0.1 &  0.2 & 0.1 \\
\end{matrix}
\right],
V = \left[
\begin{matrix}
0.1 & -0.3 \\
0.1 &  0.5 \\
0.2 &  0.7 \\
\end{matrix}
\right]
$$

Use \`grad\` to evaluate $\frac{\partial f}{\partial W}$
and $\frac{\partial f}{\partial V}$ for the functions

A) $f(W, V) = mean(W \cdot V)$

B) $f(W, V) = mean(V \cdot W)$

Note: are the results the same?

Export the matrices as \`W\` and \`V\` (made with \`np.array\`);
the functions as \`f1\` (A) and \`f2\` (B), each taking one argument \`[W, V]\`;
their gradients, made with \`grad\`, as \`f1Grad\` and \`f2Grad\`
(each returning \`[∂f/∂W, ∂f/∂V]\`); and your answer to the question
as \`sameResults\` (\`true\` or \`false\`).
The matrix product is \`np.matmul(W, V)\` (Python's \`W @ V\`).
The functions are also checked at matrices you have not seen.

Erratum: the notebook lists $mean(W \cdot V)$ twice, while its code's B
computes $mean(V \cdot W)$; B here is $mean(V \cdot W)$.
`;

const W = np.array([
  [0.3, -0.2, 0.1],
  [0.1, 0.2, 0.1],
]);
const V = np.array([
  [0.1, -0.3],
  [0.1, 0.5],
  [0.2, 0.7],
]);
const WV = tuple(tensor([2, 3], -1, 1), tensor([3, 2], -1, 1));

type Loss = (args: Tensor[]) => unknown;
const sumHint =
  "np.sum adds the entries of the product: the mean divides by their count, np.mean";
const orderHint =
  "this is mean(W·V), A's function: B is mean(V·W), np.matmul(V, W)";
/** A's slips: a sum for the mean. */
const aSlips: [Loss, string][] = [
  [([W, V]) => np.sum(np.matmul(W, V)), sumHint],
];
/** B's slips: a sum for the mean, and A's product order (the notebook lists A twice). */
const bSlips: [Loss, string][] = [
  [([W, V]) => np.sum(np.matmul(V, W)), sumHint],
  [([W, V]) => np.mean(np.matmul(W, V)), orderHint],
];
/** The slips as mistakes of the function's checks. */
const asValue = (slips: [Loss, string][]): Mistake[] =>
  slips.map(([variant, hint]) => ({ variant, hint }));
/** The slips as mistakes of the gradient's checks. */
const asGrad = (slips: [Loss, string][]): Mistake[] =>
  slips.map(([variant, hint]) => ({
    variant: grad(variant),
    hint: `the gradient of the wrong function: ${hint}`,
  }));

/**
 * Exercise 06: the gradients of mean(W·V) and mean(V·W) with respect to
 * [W, V], and whether they are the same.
 *
 * @example
 * ```ts
 * import { exercise06 } from "./06.ts";
 * console.log(exercise06.exports.sameResults.kind); // "value"
 * ```
 */
export const exercise06: Exercise = defineExercise({
  id: "06",
  title: "The derivative of matrix multiplication",
  prompt,
  exports: {
    W: { kind: "value", type: "Tensor", doc: "The 2×3 matrix W." },
    V: { kind: "value", type: "Tensor", doc: "The 3×2 matrix V." },
    f1: {
      kind: "function",
      type: "(args: Tensor[]) => Value",
      doc:
        "A) f([W, V]) = mean(W·V), a number (typed Value, as np's reductions are).",
    },
    f2: {
      kind: "function",
      type: "(args: Tensor[]) => Value",
      doc:
        "B) f([W, V]) = mean(V·W), a number (typed Value, as np's reductions are).",
    },
    f1Grad: {
      kind: "function",
      type: "(args: Tensor[]) => Tensor[]",
      doc: "The gradient of f1, [∂f/∂W, ∂f/∂V], made with grad.",
    },
    f2Grad: {
      kind: "function",
      type: "(args: Tensor[]) => Tensor[]",
      doc: "The gradient of f2, [∂f/∂W, ∂f/∂V], made with grad.",
    },
    sameResults: {
      kind: "value",
      type: "boolean",
      doc: "Are the results of A and B the same?",
    },
  },
  checks: [
    valueCheck({ name: "W", points: 1, export: "W" }),
    valueCheck({ name: "V", points: 1, export: "V" }),
    callCheck({
      name: "f1 at [W, V]",
      points: 1,
      export: "f1",
      at: [[[W, V]]],
      mistakes: asValue(aSlips),
    }),
    callCheck({
      name: "f2 at [W, V]",
      points: 1,
      export: "f2",
      at: [[[W, V]]],
      mistakes: asValue(bSlips),
    }),
    callCheck({
      name: "f1Grad at [W, V]",
      points: 2,
      export: "f1Grad",
      at: [[[W, V]]],
      mistakes: asGrad(aSlips),
    }),
    callCheck({
      name: "f2Grad at [W, V]",
      points: 2,
      export: "f2Grad",
      at: [[[W, V]]],
      mistakes: asGrad(bSlips),
    }),
    callCheck({
      name: "f1 at hidden matrices",
      points: 1,
      export: "f1",
      random: { count: 3, args: [WV] },
      mistakes: asValue(aSlips),
    }),
    callCheck({
      name: "f2 at hidden matrices",
      points: 1,
      export: "f2",
      random: { count: 3, args: [WV] },
      mistakes: asValue(bSlips),
    }),
    callCheck({
      name: "f1Grad at hidden matrices",
      points: 1,
      export: "f1Grad",
      random: { count: 3, args: [WV] },
      mistakes: asGrad(aSlips),
    }),
    callCheck({
      name: "f2Grad at hidden matrices",
      points: 1,
      export: "f2Grad",
      random: { count: 3, args: [WV] },
      mistakes: asGrad(bSlips),
    }),
    valueCheck({
      name: "are the results the same?",
      points: 1,
      export: "sameResults",
      choices: [true, false],
      hint:
        "compare what f1Grad and f2Grad return at [W, V]: are the two pairs of matrices equal?",
    }),
  ],
}, import.meta.url);
