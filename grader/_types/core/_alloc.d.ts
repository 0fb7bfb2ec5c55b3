/** A zero-filled Float64Array of length `n`. */
export declare function f64(n: number): Float64Array;
