/**
 * Synchronous file reads without node:fs: importing node:fs costs Bun about
 * 1.2 ms at every start (a hello-world binary: 3.8 → 5.0 ms), a tenth of what
 * `git log` of 1,000 commits takes in all, and more than the C library
 * through bun:ffi (libc.ts) costs to load. On Linux small files are read,
 * paths stat'ed and directories listed through libc; elsewhere, and for
 * everything else (writes, Stats objects), node:fs is loaded on first use
 * (`nodeFs`). Errors carry node's codes and messages.
 */
import { openLibc } from "./libc.ts";

type NodeFs = typeof import("node:fs");

let loaded: NodeFs | undefined;

/** node:fs, loaded on first use. */
export function nodeFs(): NodeFs {
  return (loaded ??= require("node:fs") as NodeFs);
}

/** The errno values libc reports here, with node's code and description; any other is left to node:fs to describe. */
const ERRORS: Record<number, [string, string]> = {
  1: ["EPERM", "operation not permitted"],
  2: ["ENOENT", "no such file or directory"],
  13: ["EACCES", "permission denied"],
  20: ["ENOTDIR", "not a directory"],
  21: ["EISDIR", "illegal operation on a directory"],
  36: ["ENAMETOOLONG", "name too long"],
  40: ["ELOOP", "too many symbolic links encountered"],
};

/** node's error for `syscall` on `path` failing with `errno`, or undefined for an errno not in ERRORS. */
function errnoError(errno: number, syscall: string, path: string): Error | undefined {
  const known = ERRORS[errno];
  if (!known) return undefined;
  return Object.assign(new Error(`${known[0]}: ${known[1]}, ${syscall} '${path}'`), { code: known[0], errno: -errno, syscall, path });
}

/** The whole of a file, as node:fs's readFileSync gives it (errors included). */
export function readFile(path: string): Buffer;
export function readFile(path: string, encoding: "utf8"): string;
export function readFile(path: string, encoding?: "utf8"): Buffer | string {
  const r = openLibc()?.readFile(path);
  if (r === undefined || (typeof r === "number" && !ERRORS[r])) return encoding ? nodeFs().readFileSync(path, encoding) : nodeFs().readFileSync(path);
  if (typeof r === "number") throw errnoError(r, "open", path);
  const b = Buffer.from(r.buffer, r.byteOffset, r.byteLength);
  return encoding ? b.toString(encoding) : b;
}

/**
 * A file's text, or undefined when there is none (ENOENT, ENOTDIR) — without
 * building the error readFile would throw, which costs more than the read
 * (config files that do not exist are read on every command).
 */
export function readTextIfExists(path: string): string | undefined {
  const r = openLibc()?.readFile(path);
  if (r === 2 || r === 20) return undefined;
  if (r !== undefined && typeof r !== "number") return Buffer.from(r.buffer, r.byteOffset, r.byteLength).toString("utf8");
  try {
    return readFile(path, "utf8");
  } catch (e) {
    const code = (e as { code?: string }).code;
    if (code === "ENOENT" || code === "ENOTDIR") return undefined;
    throw e;
  }
}

/** What is at `path`, following symlinks: "file" (anything but a directory), "dir", or undefined when nothing is (statSync's answer). */
export function kindOf(path: string): "file" | "dir" | undefined {
  const lc = openLibc();
  if (lc) {
    if (lc.stat(path) !== 0) return undefined;
    return (lc.statWords[7]! & 0o170000) === 0o040000 ? "dir" : "file";
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

/** A directory's names and, for each, whether it is a directory (true), not one (false), or not known without an lstat (undefined). */
export interface TypedListing {
  names: string[];
  isDir: (k: number) => boolean | undefined;
}

/** The names in directory `path` with their types as the directory records them (no lstat per name), or undefined when it cannot be listed. */
export function listTyped(path: string): TypedListing | undefined {
  const types: number[] = [];
  const names = openLibc()?.listNames(path, types);
  // DT_DIR is 4, DT_UNKNOWN 0.
  if (names) return { names, isDir: (k) => (types[k] === 0 ? undefined : types[k] === 4) };
  try {
    const ents = nodeFs().readdirSync(path, { withFileTypes: true });
    return { names: ents.map((e) => e.name), isDir: (k) => ents[k]!.isDirectory() };
  } catch {
    return undefined;
  }
}

/** The names in directory `path` (readdirSync), or [] when it cannot be listed. */
export function listDir(path: string): string[] {
  const names = openLibc()?.listNames(path);
  if (names) return names;
  // Not there, or a libc this layer does not know: node:fs tells.
  try {
    return nodeFs().readdirSync(path);
  } catch {
    return [];
  }
}
