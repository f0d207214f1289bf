/** Git's path quoting (core.quotePath): C-style quotes around names with control, quote, backslash or non-ASCII bytes. */

const ESC: Record<number, string> = { 7: "\\a", 8: "\\b", 9: "\\t", 10: "\\n", 11: "\\v", 12: "\\f", 13: "\\r", 34: '\\"', 92: "\\\\" };

/** Quotes `path` the way Git prints it, or returns it unchanged when no quoting is needed; `space` also quotes names with spaces (status's short formats). */
export function quotePath(path: string, space = false): string {
  let needs = false;
  for (let i = 0; i < path.length; i++) {
    const c = path.charCodeAt(i);
    if (c < 0x20 || c === 34 || c === 92 || c >= 0x7f || (space && c === 32)) {
      needs = true;
      break;
    }
  }
  if (!needs) return path;
  let out = '"';
  for (const b of Buffer.from(path, "utf8")) {
    if (ESC[b]) out += ESC[b];
    else if (b < 0x20 || b >= 0x7f) out += "\\" + b.toString(8).padStart(3, "0");
    else out += String.fromCharCode(b);
  }
  return out + '"';
}

/** `path` (relative to the work tree) relative to the directory `prefix` ("" or "a/b/"), as Git shows it. */
export function relativePath(path: string, prefix: string): string {
  if (prefix === "") return path;
  const p = prefix.split("/").filter(Boolean);
  const t = path.split("/");
  let k = 0;
  while (k < p.length && k < t.length - 1 && p[k] === t[k]) k++;
  // A path that is the directory itself or one above it: "./", "../" (git's relative_path).
  if (k === t.length - 1 && k < p.length && p[k] === t[k]) k++;
  // A trailing "/" on a directory path leaves an empty last part; keep it.
  const rest = t.slice(k).join("/");
  return "../".repeat(p.length - k) + rest || "./";
}
