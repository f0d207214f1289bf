/**
 * Pack and pack index files mapped into memory read-only, as git maps them:
 * nothing is read until it is touched, so one lookup in a large pack costs a
 * few page faults, not a read of the whole file. Packs are never rewritten in
 * place (git writes a new one and renames it; the name is the content's hash),
 * so a mapping stays valid, and each file is mapped once per process. Where
 * there is no libc to map with, the file is read whole instead.
 */
import { nodeFs, openLibc } from "../sys/index.ts";

const mappings = new Map<string, Buffer>();

/** The whole of `path`; errors (ENOENT, EACCES) are thrown as node:fs throws them. */
export function mapFile(path: string): Buffer {
  const lc = openLibc();
  if (!lc || lc.stat(path) !== 0) return nodeFs().readFileSync(path);
  // The file as it is now (a file replaced under the same name is mapped anew): inode, size, mtime.
  const w = lc.statWords;
  const key = `${path}\0${w[8]}:${w[9]}:${w[10]}:${w[11]}:${w[28]}:${w[30]}`;
  const known = mappings.get(key);
  if (known) return known;
  const m = lc.mapFile(path, w[10]! + w[11]! * 0x1_0000_0000);
  if (typeof m === "number") return nodeFs().readFileSync(path);
  const b = Buffer.from(m.buffer, m.byteOffset, m.byteLength);
  mappings.set(key, b);
  return b;
}
