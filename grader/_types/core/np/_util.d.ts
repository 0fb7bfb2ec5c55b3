import type { Value } from "../dual.d.ts";
/** Whether a value's primal is a plain number (not a 0-d tensor). */
export declare function isNumber(x: Value): boolean;
export declare function reshapeTo(v: Value, to: readonly number[], toNumber: boolean): Value;
export declare function squeezeAxes(v: Value, axes: readonly number[]): Value;
