/**
 * The `diff` attribute (gitattributes(5)) as git's userdiff reads it to call
 * a file binary or text: `-diff` and the built-in `binary` macro (-diff
 * -merge -text) make it binary, `diff` makes it text, and `diff=<driver>`
 * follows `diff.<driver>.binary` (the contents decide when it is not set). Attribute files as attr.c
 * stacks them: $GIT_DIR/info/attributes first, then each directory's
 * .gitattributes from the deepest up (read from the work tree, else from the
 * index when the caller has it), then core.attributesFile; in each file the
 * last matching line that names the attribute wins, within a line the last
 * state. Patterns match as in .gitignore (ignore.ts); negative ones are ignored.
 */
import { join, readFile } from "../sys/index.ts";
import { parsePattern, patternMatches, type IgnorePattern } from "./ignore.ts";
import type { Repository } from "./repo.ts";

/** What a line says of `diff`: true (set), false (unset, or `binary`), a driver name, or null (`!diff`: unspecified). */
type DiffState = boolean | string | null;

interface AttrLine {
  pattern: IgnorePattern;
  diff: DiffState;
}

/** One line's pattern (C-quoted when it starts with '"') and the rest. */
function splitLine(line: string): [string, string] | undefined {
  if (!line.startsWith('"')) {
    const m = /^(\S+)\s*(.*)$/.exec(line);
    return m ? [m[1]!, m[2]!] : undefined;
  }
  let out = "";
  for (let i = 1; i < line.length; i++) {
    const c = line[i]!;
    if (c === '"') return [out, line.slice(i + 1).trim()];
    if (c !== "\\") {
      out += c;
      continue;
    }
    const n = line[++i];
    if (n === undefined) return undefined;
    const esc: Record<string, string> = { a: "\x07", b: "\b", f: "\f", n: "\n", r: "\r", t: "\t", v: "\v" };
    if (/[0-3]/.test(n) && /^[0-7]{2}$/.test(line.slice(i + 1, i + 3))) {
      out += String.fromCharCode(parseInt(line.slice(i, i + 3), 8));
      i += 2;
    } else out += esc[n] ?? n;
  }
  return undefined;
}

/** parse_attr_line, for `diff` only: the line's pattern and the state it leaves `diff` in (undefined: it does not name it). */
function parseLines(text: string, base: string): AttrLine[] {
  const out: AttrLine[] = [];
  for (const raw of text.split("\n")) {
    const line = raw.replace(/\r$/, "").replace(/^\s+/, "");
    if (line === "" || line.startsWith("#") || line.startsWith("[attr]")) continue;
    const parts = splitLine(line);
    if (!parts || parts[0].startsWith("!")) continue;
    let diff: DiffState | undefined;
    for (const state of parts[1].split(/\s+/)) {
      if (state === "binary") diff = false;
      else if (state === "diff") diff = true;
      else if (state === "-diff") diff = false;
      else if (state === "!diff") diff = null;
      else if (state.startsWith("diff=")) diff = state.slice(5);
    }
    if (diff !== undefined) out.push({ pattern: parsePattern(parts[0], base, "", 0), diff });
  }
  return out;
}

/** Answers "does the diff attribute make this file binary?" for one repository. */
export class DiffAttributes {
  private readonly dirs = new Map<string, AttrLine[]>();
  private readonly first: AttrLine[];
  private readonly last: AttrLine[];
  private readonly icase: boolean;
  constructor(
    private readonly repo: Repository,
    /** Index blobs of .gitattributes files missing from the work tree (git reads them when it has read the index). */
    private readonly indexFiles: Map<string, string> | undefined,
  ) {
    this.icase = repo.config.getBool("core.ignorecase", false);
    this.first = parseLines(read(join(repo.gitDir, "info", "attributes")) ?? "", "");
    const env = repo.env;
    let global = repo.config.get("core.attributesfile");
    if (global?.startsWith("~/") && env.HOME) global = join(env.HOME, global.slice(2));
    if (global === undefined) {
      const xdg = env.XDG_CONFIG_HOME || (env.HOME ? join(env.HOME, ".config") : undefined);
      global = xdg ? join(xdg, "git", "attributes") : undefined;
    }
    this.last = global ? parseLines(read(global) ?? "", "") : [];
  }

  private dir(dir: string): AttrLine[] {
    let lines = this.dirs.get(dir);
    if (!lines) {
      const rel = dir ? `${dir}/.gitattributes` : ".gitattributes";
      let text = this.repo.workTree ? read(join(this.repo.workTree, rel)) : undefined;
      if (text === undefined) {
        const oid = this.indexFiles?.get(rel);
        if (oid) text = Buffer.from(this.repo.readTyped(oid, "blob")).toString("latin1");
      }
      lines = parseLines(text ?? "", dir ? `${dir}/` : "");
      this.dirs.set(dir, lines);
    }
    return lines;
  }

  /** The `diff` attribute of `path` (work tree relative, latin1 bytes): undefined when unspecified. */
  diff(path: string): DiffState | undefined {
    const basename = path.slice(path.lastIndexOf("/") + 1);
    const stack: AttrLine[][] = [this.first];
    for (let at = path.lastIndexOf("/"); ; at = path.lastIndexOf("/", at - 1)) {
      stack.push(this.dir(at < 0 ? "" : path.slice(0, at)));
      if (at < 0) break;
    }
    stack.push(this.last);
    for (const lines of stack) {
      for (let i = lines.length - 1; i >= 0; i--) {
        const l = lines[i]!;
        if (patternMatches(l.pattern, path, basename, false, this.icase)) return l.diff ?? undefined;
      }
    }
    return undefined;
  }

  /** userdiff's driver->binary for `path`: true or false when the attribute decides, undefined when the contents do. */
  binary(path: string): boolean | undefined {
    const d = this.diff(path);
    // userdiff's driver_true and driver_false: a set `diff` means text, an unset one binary.
    if (typeof d === "boolean") return !d;
    if (typeof d !== "string") return undefined;
    const set = this.repo.config.get(`diff.${d}.binary`);
    return set === undefined ? undefined : this.repo.config.getBool(`diff.${d}.binary`, false);
  }
}

function read(path: string): string | undefined {
  try {
    return readFile(path).toString("latin1");
  } catch {
    return undefined;
  }
}
