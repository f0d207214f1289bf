/**
 * POSIX path arithmetic for the git code without importing node:path (its
 * first import costs Bun most of a millisecond at start; see fs.ts). Same
 * results as node:path's posix functions; on Windows node:path does the work.
 */
type NodePath = typeof import("node:path");

const native: NodePath | undefined = process.platform === "win32" ? (require("node:path") as NodePath) : undefined;

/** posix.normalize: "." and ".." resolved, slashes collapsed, a trailing slash kept. */
export function normalize(path: string): string {
  if (native) return native.normalize(path);
  if (path === "") return ".";
  const absolute = path.startsWith("/");
  const trailing = path.endsWith("/");
  const out: string[] = [];
  for (const part of path.split("/")) {
    if (part === "" || part === ".") continue;
    if (part === "..") {
      if (out.length > 0 && out[out.length - 1] !== "..") out.pop();
      else if (!absolute) out.push("..");
    } else out.push(part);
  }
  let s = (absolute ? "/" : "") + out.join("/");
  if (s === "") return absolute ? "/" : trailing ? "./" : ".";
  if (trailing && s !== "/") s += "/";
  return s;
}

/** posix.resolve: the absolute path of the last argument, relative to the ones before it and then the working directory. */
export function resolve(...paths: string[]): string {
  if (native) return native.resolve(...paths);
  let s = "";
  for (let k = paths.length - 1; k >= 0 && !s.startsWith("/"); k--) if (paths[k]) s = s ? `${paths[k]}/${s}` : paths[k]!;
  if (!s.startsWith("/")) s = s ? `${process.cwd()}/${s}` : process.cwd();
  const n = normalize(s);
  return n.length > 1 && n.endsWith("/") ? n.slice(0, -1) : n;
}

/** posix.dirname (node's algorithm: trailing slashes ignored, inner ones kept). */
export function dirname(path: string): string {
  if (native) return native.dirname(path);
  if (path === "") return ".";
  const root = path.startsWith("/");
  let end = -1;
  let matchedSlash = true;
  for (let i = path.length - 1; i >= 1; i--) {
    if (path[i] === "/") {
      if (!matchedSlash) {
        end = i;
        break;
      }
    } else matchedSlash = false;
  }
  if (end === -1) return root ? "/" : ".";
  if (root && end === 1) return "//";
  return path.slice(0, end);
}

/** posix.join. */
export function join(...paths: string[]): string {
  if (native) return native.join(...paths);
  const s = paths.filter((p) => p !== "").join("/");
  return s === "" ? "." : normalize(s);
}
