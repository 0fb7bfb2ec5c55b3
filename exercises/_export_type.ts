/**
 * A light check of an export's declared TypeScript type, at definition
 * time: brackets balance, and every name that is not a parameter or a
 * property key is a type the starter module can see (TypeScript's own, or
 * one that dualgrade's `mod.ts` exports). `deno task check-set` type-checks
 * the generated starter for everything else.
 *
 * @module
 */

/** Types TypeScript provides that an export may mention. */
const BUILT_IN = new Set(
  ("number string boolean void unknown any never undefined null object bigint symbol true false " +
    "Array ReadonlyArray Record Readonly Partial Required Pick Omit Map Set Promise Iterable " +
    "Float64Array Float32Array Int32Array Uint8Array Function typeof keyof readonly infer is asserts " +
    "extends")
    .split(" "),
);

/** Types dualgrade's mod.ts exports, which the starter imports when mentioned. */
export const FRAMEWORK_TYPES: readonly string[] = [
  "Dual",
  "HyperDual",
  "NestedNumbers",
  "Tensor",
  "Value",
];

const PAIRS: Record<string, string> = {
  ")": "(",
  "]": "[",
  "}": "{",
  ">": "<",
};

/**
 * What is wrong with a declared type, or undefined when it looks sound.
 *
 * @example
 * ```ts
 * import { exportTypeProblem } from "./_export_type.ts";
 * import assert from "node:assert/strict";
 * assert.equal(exportTypeProblem("(x: number, p: { w: Tensor; b: number }) => Tensor"), undefined);
 * assert.match(exportTypeProblem("(x: numbr) => Tensr") ?? "", /unknown type numbr/);
 * assert.match(exportTypeProblem("(x: number => number") ?? "", /unbalanced/);
 * ```
 */
export function exportTypeProblem(type: string): string | undefined {
  const stack: string[] = [];
  const text = type.replace(/"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'/g, '""');
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === "=" && text[i + 1] === ">") {
      i++;
      continue;
    }
    if ("([{<".includes(c)) stack.push(c);
    else if (c in PAIRS) {
      if (stack.pop() !== PAIRS[c]) {
        return `the type ${JSON.stringify(type)} has unbalanced brackets`;
      }
    }
  }
  if (stack.length > 0) {
    return `the type ${JSON.stringify(type)} has unbalanced brackets`;
  }
  const generics = new Set(
    [...text.matchAll(
      /<\s*([A-Z][A-Za-z0-9_]*)(?:\s+extends\b[^,>]*)?\s*(?:,\s*([A-Z][A-Za-z0-9_]*))?/g,
    )]
      .flatMap((m) => [m[1], m[2]]).filter((n): n is string => !!n),
  );
  for (const m of text.matchAll(/[A-Za-z_$][A-Za-z0-9_$]*/g)) {
    const name = m[0];
    const after = text.slice(m.index! + name.length).trimStart();
    const before = text.slice(0, m.index!).trimEnd();
    // A parameter or property name: `x:`, `x?:`, or `...xs:`.
    if (/^\??:/.test(after)) continue;
    // A property read in a type query (`typeof a.b`) or a member name after a dot.
    if (before.endsWith(".")) continue;
    if (BUILT_IN.has(name) || FRAMEWORK_TYPES.includes(name)) continue;
    if (generics.has(name)) continue;
    return `the type ${JSON.stringify(type)} names an unknown type ${name}: ` +
      `use TypeScript's types (number, boolean, string, number[] …) or dualgrade's (${
        FRAMEWORK_TYPES.join(", ")
      })`;
  }
  return undefined;
}
