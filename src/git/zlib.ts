/**
 * zlib (RFC 1950) for loose objects and pack entries: the only importer of
 * fflate in the git subsystem, loaded only by code that compresses or inflates.
 */
import { inflateSync, unzlibSync, zlibSync } from "fflate";

/** Compresses `data` as a zlib stream (level 1, as Git's core.looseCompression default favours speed). */
export function deflate(data: Uint8Array): Uint8Array {
  return zlibSync(data, { level: 1 });
}

/** Inflates a whole zlib stream. */
export function inflate(data: Uint8Array): Uint8Array {
  return unzlibSync(data);
}

/**
 * Inflates the zlib stream starting at `data[0]` whose inflated size is known
 * (pack entries); bytes after the stream's end are ignored.
 */
export function inflateKnownSize(data: Uint8Array, size: number): Uint8Array {
  // Skip the two-byte zlib header (CMF, FLG); packs never use a preset dictionary.
  const out = new Uint8Array(size);
  if (size === 0) return out;
  const r = inflateSync(data.subarray(2), { out });
  if (r.length !== size) throw new Error(`inflated ${r.length} bytes, want ${size}`);
  return r;
}
