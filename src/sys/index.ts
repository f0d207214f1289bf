/**
 * @module
 * The operating system without node:fs on the hot paths: synchronous file
 * reads, stats and directory listings through the C library (bun:ffi, loaded
 * on first use; node:fs where there is no libc), read-only mappings, and
 * POSIX path arithmetic. Importing node:fs costs Bun about 1.2 ms at every
 * start, more than short commands such as `gokit git rev-parse` spend on
 * their work; this layer costs a few tenths of a millisecond when first used.
 *
 * @example
 * const head = readFile(".git/HEAD", "utf8");   // node's errors (ENOENT …) on failure
 * if (kindOf(".git") === "dir") …
 */
export { exists, kindOf, listDir, listTyped, nodeFs, readFile, readTextIfExists, type TypedListing } from "./fs.ts";
export { openLibc, type Libc } from "./libc.ts";
export { dirname, join, normalize, resolve } from "./paths.ts";
