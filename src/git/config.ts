/**
 * git-config files: `[section "sub"]` headers, `key = value` lines with quotes,
 * escapes and continuations, comments. Reading merges system (unless
 * GIT_CONFIG_NOSYSTEM), global (~/.gitconfig, $XDG_CONFIG_HOME/git/config,
 * GIT_CONFIG_GLOBAL) and the repository's file; writing edits the repository's
 * file in place, keeping everything else as it was.
 */
import { nodeFs, readTextIfExists } from "../sys/index.ts";

/** Parsed config: keys are "section.sub.key" with section and key lower-cased; later values win. */
export class Config {
  private readonly values = new Map<string, string[]>();

  /** Adds the entries of one file's text. */
  addText(src: string): void {
    for (const [k, v] of parseConfig(src)) {
      const list = this.values.get(k);
      if (list) list.push(v);
      else this.values.set(k, [v]);
    }
  }

  /** The last value of `key`, or undefined. */
  get(key: string): string | undefined {
    const list = this.values.get(normalizeKey(key));
    return list?.[list.length - 1];
  }

  /** Every value of `key`. */
  getAll(key: string): string[] {
    return this.values.get(normalizeKey(key)) ?? [];
  }

  /** A boolean value (true/yes/on/1, a bare key → true). */
  getBool(key: string, fallback: boolean): boolean {
    const v = this.get(key);
    if (v === undefined) return fallback;
    return !["false", "no", "off", "0", ""].includes(v.toLowerCase()) || v === "\0";
  }

  /** Replaces or sets a value in memory. */
  set(key: string, value: string): void {
    this.values.set(normalizeKey(key), [value]);
  }
}

/** "Core.FileMode" → "core.filemode"; "branch.Main.remote" keeps the subsection's case. */
export function normalizeKey(key: string): string {
  const first = key.indexOf(".");
  const last = key.lastIndexOf(".");
  if (first < 0) return key.toLowerCase();
  if (first === last) return key.toLowerCase();
  return `${key.slice(0, first).toLowerCase()}${key.slice(first, last)}.${key.slice(last + 1).toLowerCase()}`;
}

const BARE = "\0";

/** Parses config text into [key, value] pairs in file order (a bare key's value is "\0", read as true). */
export function parseConfig(src: string): [string, string][] {
  const out: [string, string][] = [];
  let section = "";
  let i = 0;
  const n = src.length;
  while (i < n) {
    let lineEnd = src.indexOf("\n", i);
    if (lineEnd < 0) lineEnd = n;
    const line = src.slice(i, lineEnd).trim();
    if (line === "" || line[0] === "#" || line[0] === ";") {
      i = lineEnd + 1;
      continue;
    }
    if (line[0] === "[") {
      const m = /^\[\s*([A-Za-z0-9.-]+)(?:\s+"((?:[^"\\]|\\.)*)")?\s*\]/.exec(line);
      if (m) {
        const name = m[1]!;
        if (m[2] !== undefined) section = `${name.toLowerCase()}.${m[2].replace(/\\(.)/g, "$1")}`;
        else {
          const dot = name.indexOf(".");
          section = dot < 0 ? name.toLowerCase() : `${name.slice(0, dot).toLowerCase()}${name.slice(dot)}`;
        }
        const rest = line.slice(m[0].length).trim();
        if (rest === "" || rest[0] === "#" || rest[0] === ";") {
          i = lineEnd + 1;
          continue;
        }
        // A key on the same line as the header.
        i = src.indexOf(rest, i);
        continue;
      }
      i = lineEnd + 1;
      continue;
    }
    // key [= value]: scan the value character by character from the original text (continuations span lines).
    let j = i;
    while (j < n && (src[j] === " " || src[j] === "\t")) j++;
    const ks = j;
    while (j < n && /[A-Za-z0-9-]/.test(src[j]!)) j++;
    const key = src.slice(ks, j).toLowerCase();
    while (j < n && (src[j] === " " || src[j] === "\t")) j++;
    if (src[j] !== "=") {
      out.push([`${section}.${key}`, BARE]);
      i = lineEnd + 1;
      continue;
    }
    j++;
    let value = "";
    let quoted = false;
    let pendingSpace = "";
    for (; j < n; j++) {
      const c = src[j]!;
      if (c === "\n") break;
      if (!quoted && (c === "#" || c === ";")) {
        j = src.indexOf("\n", j);
        if (j < 0) j = n;
        break;
      }
      if (c === "\\") {
        const d = src[++j];
        if (d === "\n") continue;
        if (d === "\r" && src[j + 1] === "\n") {
          j++;
          continue;
        }
        value += pendingSpace + (d === "n" ? "\n" : d === "t" ? "\t" : d === "b" ? "\b" : (d ?? ""));
        pendingSpace = "";
        continue;
      }
      if (c === '"') {
        quoted = !quoted;
        value += pendingSpace;
        pendingSpace = "";
        continue;
      }
      if (!quoted && (c === " " || c === "\t" || c === "\r")) {
        if (value !== "") pendingSpace += c === "\r" ? "" : c;
        continue;
      }
      value += pendingSpace + c;
      pendingSpace = "";
    }
    out.push([`${section}.${key}`, value]);
    i = j + 1;
  }
  return out;
}

/** Reads a file's text, or "" when it does not exist. */
function readText(path: string): string {
  try {
    return readTextIfExists(path) ?? "";
  } catch {
    return "";
  }
}

/** Where the global and system files are, from the environment. */
export function configFiles(env: Record<string, string | undefined>, gitDir: string | undefined): string[] {
  const files: string[] = [];
  if (!env.GIT_CONFIG_NOSYSTEM || env.GIT_CONFIG_NOSYSTEM === "0" || env.GIT_CONFIG_NOSYSTEM === "false") files.push(env.GIT_CONFIG_SYSTEM ?? "/etc/gitconfig");
  if (env.GIT_CONFIG_GLOBAL !== undefined) files.push(env.GIT_CONFIG_GLOBAL);
  else {
    const home = env.HOME;
    const xdg = env.XDG_CONFIG_HOME || (home ? `${home}/.config` : undefined);
    if (xdg) files.push(`${xdg}/git/config`);
    if (home) files.push(`${home}/.gitconfig`);
  }
  if (gitDir) files.push(`${gitDir}/config`);
  return files;
}

/** Loads the merged config. */
export function loadConfig(env: Record<string, string | undefined>, gitDir: string | undefined): Config {
  const c = new Config();
  for (const f of configFiles(env, gitDir)) if (f && f !== "/dev/null") c.addText(readText(f));
  return c;
}

function quoteValue(v: string): string {
  const escaped = v.replace(/\\/g, "\\\\").replace(/"/g, '\\"').replace(/\n/g, "\\n").replace(/\t/g, "\\t");
  return /^\s|\s$|[#;]/.test(v) ? `"${escaped}"` : escaped;
}

/** Sets `key` to `value` (or removes it when value is undefined) in the config file at `path`, atomically. */
export function setConfigValue(path: string, key: string, value: string | undefined): void {
  const src = readText(path);
  const lines = src === "" ? [] : src.replace(/\n$/, "").split("\n");
  const nk = normalizeKey(key);
  const last = nk.lastIndexOf(".");
  const sectionKey = nk.slice(0, last);
  const name = key.slice(key.lastIndexOf(".") + 1);
  let section = "";
  let sectionEnd = -1;
  let found = -1;
  for (let k = 0; k < lines.length; k++) {
    const t = lines[k]!.trim();
    if (t.startsWith("[")) {
      const parsed = parseConfig(t + "\nx=1")[0]?.[0] ?? "";
      section = parsed.slice(0, parsed.lastIndexOf("."));
      continue;
    }
    if (section === sectionKey) {
      sectionEnd = k;
      const m = /^([A-Za-z0-9-]+)\s*(=|$)/.exec(t);
      if (m && m[1]!.toLowerCase() === nk.slice(last + 1)) found = k;
    }
  }
  if (value === undefined) {
    if (found >= 0) lines.splice(found, 1);
    // A section left with no entries goes too (as git does).
    for (let k = lines.length - 1; k >= 0; k--) {
      const t = lines[k]!.trim();
      if (!t.startsWith("[")) continue;
      const next = lines.slice(k + 1).find((l) => l.trim() !== "" && !/^[#;]/.test(l.trim()));
      if (next === undefined || next.trim().startsWith("[")) {
        const parsed = parseConfig(t + "\nx=1")[0]?.[0] ?? "";
        if (parsed.slice(0, parsed.lastIndexOf(".")) === sectionKey) lines.splice(k, 1);
      }
    }
  } else if (found >= 0) lines[found] = `\t${name} = ${quoteValue(value)}`;
  else if (sectionEnd >= 0) lines.splice(sectionEnd + 1, 0, `\t${name} = ${quoteValue(value)}`);
  else {
    const dot = sectionKey.indexOf(".");
    const header = dot < 0 ? `[${sectionKey}]` : `[${sectionKey.slice(0, dot)} "${sectionKey.slice(dot + 1).replace(/\\/g, "\\\\").replace(/"/g, '\\"')}"]`;
    lines.push(header, `\t${name} = ${quoteValue(value)}`);
  }
  writeConfigLines(path, lines);
}

/** Removes a whole section ("branch.feature") from the file at `path`. */
export function removeConfigSection(path: string, sectionKey: string): void {
  editConfigSection(path, sectionKey, undefined, false);
}

/**
 * git_config_copy_or_rename_section: renames every "[branch "a"]" header of
 * `sectionKey` to `to` in place, or (copy) repeats each such section's
 * entries right after it under a `to` header; with `to` undefined, removes
 * the section.
 */
export function editConfigSection(path: string, sectionKey: string, to: string | undefined, copy: boolean): void {
  const src = readText(path);
  if (src === "") return;
  const dot = to?.indexOf(".") ?? -1;
  const header = to === undefined ? "" : dot < 0 ? `[${to}]` : `[${to.slice(0, dot)} "${to.slice(dot + 1).replace(/\\/g, "\\\\").replace(/"/g, '\\"')}"]`;
  const out: string[] = [];
  let inside = false;
  let copied: string[] = [];
  const flush = () => {
    if (copied.length) out.push(header, ...copied);
    copied = [];
  };
  for (const line of src.replace(/\n$/, "").split("\n")) {
    const t = line.trim();
    if (t.startsWith("[")) {
      if (copy) flush();
      const parsed = parseConfig(t + "\nx=1")[0]?.[0] ?? "";
      inside = parsed.slice(0, parsed.lastIndexOf(".")) === sectionKey;
      if (inside && to !== undefined && !copy) {
        out.push(header);
        continue;
      }
    } else if (inside && copy && t !== "") copied.push(line);
    if (!inside || to !== undefined) out.push(line);
  }
  if (copy) flush();
  writeConfigLines(path, out);
}

/** Writes a config file's lines atomically (a lock file renamed over it). */
function writeConfigLines(path: string, lines: string[]): void {
  const tmp = `${path}.lock`;
  nodeFs().writeFileSync(tmp, lines.length ? lines.join("\n") + "\n" : "");
  nodeFs().renameSync(tmp, path);
}
