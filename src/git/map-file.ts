/**
 * Read-only file contents mapped into memory (Bun.mmap), as git maps its
 * pack and pack index files: nothing is read until it is touched, so one
 * lookup in a large pack costs a few page faults, not a read of the whole
 * file. Where mapping is unavailable (an empty file, a platform without
 * mmap) the file is read instead. Packs are never rewritten in place (git
 * replaces them by rename), so a mapping stays valid while it is used.
 */
import { nodeFs } from "./fs.ts";

/** The whole of `path`; read errors (ENOENT, EACCES) are thrown as node:fs throws them. */
export function mapFile(path: string): Buffer {
  try {
    const m = Bun.mmap(path, { shared: false });
    return Buffer.from(m.buffer, m.byteOffset, m.byteLength);
  } catch {
    return nodeFs().readFileSync(path);
  }
}
