import { type Value } from "./dual.d.ts";
/** A value, or numbers and values nested in arrays, or a typed array. */
export type Operand = Value | readonly Operand[] | ArrayLike<number>;
/** Converts an operand of `fn` (argument `pos`, 1-based) to a value. */
export declare function toValue(x: unknown, fn: string, pos?: number): Value;
/** `np.array`: nested arrays of numbers (or of duals) to a tensor. */
export declare function arrayOf(x: unknown, fn?: string, pos?: number): Value;
