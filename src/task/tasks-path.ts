/**
 * Where the tasks file lives: an explicit path (with `~` expanded and made
 * absolute), or `~/.tasks.json`.
 */

/** Where to resolve from: the home directory and the working directory. */
export interface PathBase {
  home: string;
  cwd: string;
}

/** The default tasks file, relative to the home directory. */
export const DEFAULT_TASKS_FILE = "~/.tasks.json";

function normalize(path: string): string {
  const out: string[] = [];
  for (const part of path.split("/")) {
    if (part === "" || part === ".") continue;
    if (part === "..") out.pop();
    else out.push(part);
  }
  return "/" + out.join("/");
}

/**
 * Resolves a tasks file path to an absolute one; undefined or empty means the default.
 * @example resolveTasksPath("~/notes/tasks.json", { home: "/home/me", cwd: "/tmp" }) // "/home/me/notes/tasks.json"
 */
export function resolveTasksPath(path: string | undefined, base: PathBase): string {
  let p = path === undefined || path === "" ? DEFAULT_TASKS_FILE : path;
  if (p === "~" || p.startsWith("~/")) p = base.home + p.slice(1);
  if (!p.startsWith("/")) p = `${base.cwd}/${p}`;
  return normalize(p);
}
