/** Single byte-range requests (RFC 9110 §14.2) and If-Range. */

/** A satisfiable range [start, end] (inclusive), "none" to serve the whole, "unsatisfiable" for 416. */
export type RangeResult = { kind: "range"; start: number; end: number } | { kind: "none" } | { kind: "unsatisfiable" };

/**
 * Parses a Range value against a representation of `size` bytes. Multiple
 * ranges and unknown units are served whole (a server may ignore Range).
 */
export function parseRange(value: string, size: number): RangeResult {
  const v = value.trim();
  if (!v.toLowerCase().startsWith("bytes=")) return { kind: "none" };
  const spec = v.slice(6).trim();
  if (spec.includes(",")) return { kind: "none" };
  const dash = spec.indexOf("-");
  if (dash < 0) return { kind: "none" };
  const a = spec.slice(0, dash).trim();
  const b = spec.slice(dash + 1).trim();
  if (!isDigits(a) && a !== "") return { kind: "none" };
  if (!isDigits(b) && b !== "") return { kind: "none" };
  if (a === "") {
    if (b === "") return { kind: "none" };
    const n = Number(b);
    if (n === 0 || size === 0) return { kind: "unsatisfiable" };
    return { kind: "range", start: Math.max(0, size - n), end: size - 1 };
  }
  const start = Number(a);
  const end = b === "" ? size - 1 : Math.min(Number(b), size - 1);
  if (b !== "" && Number(b) < start) return { kind: "none" };
  if (start >= size) return { kind: "unsatisfiable" };
  return { kind: "range", start, end };
}

function isDigits(s: string): boolean {
  if (s.length === 0 || s.length > 15) return false;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x30 || c > 0x39) return false;
  }
  return true;
}

/** True when the entity tags match under weak comparison (RFC 9110 §8.8.3.2); `list` may hold several or "*". */
export function etagMatches(list: string, etag: string): boolean {
  const bare = etag.startsWith("W/") ? etag.slice(2) : etag;
  for (const part of list.split(",")) {
    const t = part.trim();
    if (t === "*") return true;
    if ((t.startsWith("W/") ? t.slice(2) : t) === bare) return true;
  }
  return false;
}
