/**
 * File system access for the git code without node:fs on the paths that only
 * read (log, show, rev-parse, status on a clean tree): importing node:fs
 * costs Bun about 1.2 ms at every start (a hello-world binary: 3.8 → 5.0 ms),
 * a tenth of what `git log` of 1,000 commits takes in all. Small files (refs,
 * config, HEAD) are read with Bun.mmap and copied at once, whether a path
 * exists comes from the same open, and a directory is listed with Bun.Glob.
 * Everything else goes to node:fs, loaded on first use (`nodeFs`).
 *
 * A mapping lives until it is collected, so only the first MAX_MAPPED reads
 * are mapped: a command reading thousands of files (loose objects) goes on
 * with node:fs rather than pile up mappings towards the kernel's limit.
 */
import { loadedStatx } from "./statx.ts";

type NodeFs = typeof import("node:fs");

let loaded: NodeFs | undefined;

/** node:fs, loaded on first use. */
export function nodeFs(): NodeFs {
  return (loaded ??= require("node:fs") as NodeFs);
}

/** Bun.mmap serves where a private read-only mapping behaves as POSIX says. */
const MAPS = process.platform !== "win32";
const MAX_MAPPED = 256;
let mapped = 0;

/** For tests: how many more files to map before reading through node:fs. */
export function setMappedReads(left: number): void {
  mapped = MAX_MAPPED - left;
}
/** Maps `path` (counted), or undefined once MAX_MAPPED files have been mapped; open errors are thrown. */
function map(path: string): Uint8Array | undefined {
  if (!MAPS || mapped >= MAX_MAPPED) return undefined;
  const m = Bun.mmap(path, { shared: false });
  mapped++;
  return m;
}

/** Errors the open itself reports, with node:fs's code and message: the path is not there (or not a file). */
const NOT_THERE = new Set(["ENOENT", "ENOTDIR", "EISDIR", "ELOOP", "ENAMETOOLONG"]);

const errorCode = (e: unknown): string | undefined => (e as { code?: string }).code;

/**
 * The whole of a small file, as node:fs's readFileSync gives it: a missing
 * path throws the same ENOENT (ENOTDIR, EISDIR) error; what a mapping cannot
 * read (an empty file, a device) is read by node:fs.
 */
export function readFile(path: string): Buffer;
export function readFile(path: string, encoding: "utf8"): string;
export function readFile(path: string, encoding?: "utf8"): Buffer | string {
  let m: Uint8Array | undefined;
  try {
    m = map(path);
  } catch (e) {
    if (NOT_THERE.has(errorCode(e) ?? "")) throw e;
  }
  // Copied at once: the mapping is never touched again, so a file truncated later cannot fault.
  if (m) return encoding ? Buffer.from(m.buffer, m.byteOffset, m.byteLength).toString(encoding) : Buffer.from(m);
  return encoding ? nodeFs().readFileSync(path, encoding) : nodeFs().readFileSync(path);
}

/** What is at `path`: "file" (anything but a directory), "dir", or undefined when nothing is (as statSync would tell, following symlinks). */
export function kindOf(path: string): "file" | "dir" | undefined {
  try {
    if (map(path)) return "file";
  } catch (e) {
    const code = errorCode(e);
    if (code === "EISDIR") return "dir";
    if (NOT_THERE.has(code ?? "")) return undefined;
    // Unreadable, empty or special: stat knows.
  }
  try {
    const st = nodeFs().statSync(path, { throwIfNoEntry: false });
    return st ? (st.isDirectory() ? "dir" : "file") : undefined;
  } catch {
    return undefined;
  }
}

/** True when something is at `path` (existsSync). */
export function exists(path: string): boolean {
  return kindOf(path) !== undefined;
}

/** The names in directory `path` (readdirSync), or [] when it cannot be listed. */
export function listDir(path: string): string[] {
  if (!MAPS) {
    try {
      return nodeFs().readdirSync(path);
    } catch {
      return [];
    }
  }
  // getdents64 where status has loaded statx already; otherwise Bun.Glob (its first use costs about what loading bun:ffi would).
  const sx = loadedStatx();
  if (sx) return sx.listNames(path) ?? [];
  try {
    return [...new Bun.Glob("*").scanSync({ cwd: path, dot: true, onlyFiles: false, followSymlinks: false })];
  } catch {
    return [];
  }
}
