/**
 * Maps a request path to a file under the root without any way out: segments
 * are percent-decoded one by one, so an encoded "/" (%2f) can never form a
 * separator, and "..", NUL and backslashes are refused outright.
 */

/** Decoded path segments, or the status to refuse the path with. */
export type SafePath = { ok: true; segments: string[]; trailingSlash: boolean } | { ok: false; status: number };

/** Splits and decodes `rawPath` ("/a%20b/c.txt") into safe segments. */
export function safeSegments(rawPath: string): SafePath {
  if (rawPath.charCodeAt(0) !== 0x2f) return { ok: false, status: 400 };
  const parts = rawPath.split("/");
  const segments: string[] = [];
  for (let i = 1; i < parts.length; i++) {
    let seg = parts[i]!;
    if (seg.includes("%")) {
      try {
        seg = decodeURIComponent(seg);
      } catch {
        return { ok: false, status: 400 };
      }
      if (seg.includes("/")) return { ok: false, status: 400 };
    }
    if (seg === "" || seg === ".") continue;
    if (seg === ".." || seg.includes("\\") || seg.includes("\0")) return { ok: false, status: 400 };
    segments.push(seg);
  }
  return { ok: true, segments, trailingSlash: rawPath.endsWith("/") };
}

/** True when `real` (a realpath) is `root` or inside it. */
export function isInside(root: string, real: string): boolean {
  return real === root || real.startsWith(root.endsWith("/") ? root : root + "/");
}
