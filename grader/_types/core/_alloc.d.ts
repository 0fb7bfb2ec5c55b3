/** A zero-filled Float64Array of length `n`. */
export declare function f64(n: number): Float64Array;
/**
 * Makes `f64` draw from the scratch buffer, zeroing what the last pass
 * used; false (and nothing changes) when it already does. The caller
 * guarantees that nothing drawn outlives `stopScratch` except what it
 * copies out (`inScratch`) or hands to `retireScratch`.
 */
export declare function startScratch(): boolean;
/** Back to slabs. */
export declare function stopScratch(): void;
/** Whether `a` lies in the scratch buffer. */
export declare function inScratch(a: Float64Array): boolean;
/**
 * Leaves the scratch buffer to whatever still refers to it and takes a
 * fresh one, for a pass whose results could not be copied out.
 */
export declare function retireScratch(): void;
