/**
 * Exercise 03: derivatives of x·eˣ, (x + 2ˣ)/eˣ and ln(2 + x) + cos²(x).
 *
 * @module
 */

import { grad, np } from "../../mod.ts";
import { callCheck } from "../check.ts";
import { defineExercise } from "../define.ts";
import { uniform } from "../domain.ts";
import { md } from "../_md.ts";
import type { Check, Domain, Exercise, Mistake } from "../types.ts";

const prompt =
  md`#### 3. Use \`grad\` to evaluate the (slightly more complex) derivatives of the following functions

A) $f(x) = xe^x$ at $x = 7$

B) $f(x) = \frac{x + 2^x}{e^x}$ at $x = 3.5$

C) $f(x) = \ln(2 + x) + cos^2(x)$ at $x = -0.5$

Note: $e$ is the Euler's number and exists in \`np\` as \`np.e\`,
$\ln$ is the natural logarithm - with $e$ as its base - in \`np\`
\`np.log\` performs the natural logarithm.

Export the three functions as \`f1\`, \`f2\` and \`f3\`, and their derivatives,
made with \`grad\`, as \`f1Grad\`, \`f2Grad\` and \`f3Grad\`.
Each is also checked at points you have not seen (for C, where $x > -2$).

Erratum: the notebook's code for C computes $\ln(2 + x) + \cos(\cos(x))$,
not the function stated above, and so printed 1.0444776022734237 and
0.2978942899546265. Here C is the stated function,
$\cos^2(x) = (\cos x)^2$.
`;

/** A wrong function a learner often writes for a part, and what to change. */
interface Slip {
  wrong: (x: number) => number;
  hint: string;
}

/** The slips of C: the notebook's own cos(cos x), and ln(x) for ln(2 + x). */
const f3Slips: Slip[] = [
  {
    wrong: (x) => np.add(np.log(np.add(2, x)), np.cos(np.cos(x))),
    hint:
      "this is ln(2 + x) + cos(cos x), the notebook's erratum: cos²(x) is np.power(np.cos(x), 2)",
  },
  {
    wrong: (x) => np.add(np.log(x), np.power(np.cos(x), 2)),
    hint: "this is ln(x) + cos²(x): the logarithm's argument is 2 + x",
  },
];

/** The slips of a function as declared mistakes of its checks and of its derivative's. */
function mistakesOf(slips: Slip[]): { value: Mistake[]; grad: Mistake[] } {
  return {
    value: slips.map(({ wrong, hint }) => ({ variant: wrong, hint })),
    grad: slips.map(({ wrong, hint }) => ({
      variant: grad(wrong),
      hint: `the derivative of the wrong function: ${hint}`,
    })),
  };
}

const parts: { fn: string; at: number; domain: Domain; slips: Slip[] }[] = [
  { fn: "f1", at: 7, domain: uniform(-5, 10), slips: [] },
  { fn: "f2", at: 3.5, domain: uniform(-3, 8), slips: [] },
  // ln(2 + x) needs x > −2.
  { fn: "f3", at: -0.5, domain: uniform(-1.5, 6), slips: f3Slips },
];

const checks: Check[] = parts.flatMap(({ fn, at, domain, slips }) => {
  const mistakes = mistakesOf(slips);
  return [
    callCheck({
      name: `${fn} at ${at}`,
      points: 1,
      export: fn,
      at: [[at]],
      mistakes: mistakes.value,
    }),
    callCheck({
      name: `${fn}Grad at ${at}`,
      points: 1,
      export: `${fn}Grad`,
      at: [[at]],
      mistakes: mistakes.grad,
    }),
    callCheck({
      name: `${fn} at hidden points`,
      points: 1,
      export: fn,
      random: { count: 5, args: [domain] },
      mistakes: mistakes.value,
    }),
    callCheck({
      name: `${fn}Grad at hidden points`,
      points: 1,
      export: `${fn}Grad`,
      random: { count: 5, args: [domain] },
      mistakes: mistakes.grad,
    }),
  ];
});

const unary = "(x: number) => number";

/**
 * Exercise 03: three functions and their derivatives by `grad`, with the
 * notebook's erratum in C fixed (ln(2 + x) + cos²(x), as its text says).
 *
 * @example
 * ```ts
 * import { exercise03 } from "./03.ts";
 * console.log(Object.keys(exercise03.exports)); // ["f1", "f1Grad", "f2", …]
 * ```
 */
export const exercise03: Exercise = defineExercise({
  id: "03",
  title: "Slightly more complex derivatives",
  prompt,
  exports: {
    f1: { kind: "function", type: unary, doc: "A) f(x) = x·eˣ." },
    f1Grad: {
      kind: "function",
      type: unary,
      doc: "The derivative of f1, made with grad.",
    },
    f2: { kind: "function", type: unary, doc: "B) f(x) = (x + 2ˣ) / eˣ." },
    f2Grad: {
      kind: "function",
      type: unary,
      doc: "The derivative of f2, made with grad.",
    },
    f3: {
      kind: "function",
      type: unary,
      doc: "C) f(x) = ln(2 + x) + cos²(x).",
    },
    f3Grad: {
      kind: "function",
      type: unary,
      doc: "The derivative of f3, made with grad.",
    },
  },
  checks,
}, import.meta.url);
