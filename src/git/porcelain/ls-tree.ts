/**
 * `git ls-tree`: a tree's entries (mode, type, id, path), recursing with -r,
 * trees too with -t, trees only with -d; --long adds blob sizes,
 * --name-only/--name-status and --object-only trim the line, -z ends lines
 * with NUL and leaves names unquoted. Paths are matched and shown relative
 * to the current directory (--full-name keeps them whole, --full-tree also
 * ignores the directory), with git's own rules (builtin/ls-tree.c: prefix
 * matches only, no wildcards; a directory named by a longer path is entered).
 */
import { fatal } from "../errors.ts";
import { isTreeMode, type TreeEntry } from "../objects.ts";
import { quotePath, relativePath } from "../quote.ts";
import type { Repository } from "../repo.ts";
import { abbrev, defaultAbbrev, getOid, peel } from "../revision.ts";
import { OptionError, parseOptions, type Context } from "./context.ts";

/** Git's OPT__ABBREV value: undefined (full ids) unless given; -1 for the default width; 4..40. */
export function abbrevOption(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (value === "") return -1;
  if (!/^[+-]?\d+$/.test(value.trim())) throw new OptionError("error: option `abbrev' expects a numerical value", 0);
  const n = Number(value);
  if (n === 0) return undefined;
  return n < 4 ? 4 : Math.min(n, 40);
}

/** An object id shown `width` digits wide (git's find_unique_abbrev: undefined is the whole id, -1 the default). */
export function showId(repo: Repository, oid: string, width: number | undefined): string {
  if (width === undefined) return oid;
  return abbrev(repo, oid, width < 0 ? defaultAbbrev(repo) : width);
}

/**
 * Git's normalize_path_copy of `prefix + arg`: "." components dropped, ".."
 * taking one away; a final "." or ".." leaves the trailing slash. Undefined
 * when it climbs above the top.
 */
export function normalizeRepoPath(path: string): string | undefined {
  const out: string[] = [];
  const parts = path.split("/");
  let trailing = false;
  for (let k = 0; k < parts.length; k++) {
    const part = parts[k]!;
    const last = k === parts.length - 1;
    if (part === "" || part === ".") {
      trailing = out.length > 0;
      continue;
    }
    if (part === "..") {
      if (out.length === 0) return undefined;
      out.pop();
      trailing = out.length > 0;
      continue;
    }
    out.push(part);
    trailing = !last;
  }
  return out.join("/") + (trailing ? "/" : "");
}

/** git ls-tree [-d] [-r] [-t] [-z] [-l | --name-only | --name-status | --object-only] [--full-name] [--full-tree] [--abbrev[=<n>]] <tree-ish> [<path>...] */
export function lsTree(ctx: Context, argv: string[]): number {
  const p = parseOptions(argv, {
    d: { short: "d" },
    r: { short: "r" },
    t: { short: "t" },
    z: { short: "z" },
    long: { short: "l", cmdmode: true },
    "name-only": { cmdmode: true },
    "name-status": { cmdmode: true },
    "object-only": { cmdmode: true },
    "full-name": {},
    "full-tree": {},
    format: { value: true },
    abbrev: { value: true, optional: "" },
  });
  const repo = ctx.repo;
  let mode = p.opts.long ? "long" : p.opts["name-only"] || p.opts["name-status"] ? "name" : p.opts["object-only"] ? "object" : "default";
  let format = p.opts.format as string | undefined;
  if (format !== undefined && mode !== "default") throw new OptionError("fatal: --format can't be combined with other format-altering options\n\n", 2, true);
  // A format that is one of the modes' own is that mode (git takes the fast path, -z leaving names unquoted).
  const fastPath = format === undefined ? undefined : FORMAT_MODES[format];
  if (fastPath) {
    mode = fastPath;
    format = undefined;
  }
  const width = abbrevOption(p.opts.abbrev as string | undefined);
  const args = [...p.args, ...(p.paths ?? [])];
  if (args.length < 1) throw new OptionError("", 2, true);
  const fullTree = p.opts["full-tree"] === true;
  const prefix = fullTree ? "" : repo.prefix;
  const chomp = !fullTree && p.opts["full-name"] !== true && prefix !== "";
  const recursive = p.opts.r === true;
  const treesOnly = p.opts.d === true;
  // -d -r implies -t; -d alone does not need it.
  const showTrees = p.opts.t === true || (treesOnly && recursive);
  const end = p.opts.z ? "\0" : "\n";
  const oid = getOid(repo, args[0]!);
  if (oid === undefined) throw fatal(`Not a valid object name ${args[0]}`);
  const tree = repo.objects.has(oid) ? peel(repo, oid, "tree") : undefined;
  if (!tree) throw fatal("not a tree object");
  // Pathspecs relative to the current directory (none there means the directory itself), magic refused as git does.
  const specs: string[] = [];
  for (const raw of args.slice(1)) {
    if (raw.startsWith(":")) throw fatal(`gokit git ls-tree does not support pathspec magic (${raw})`);
    const m = normalizeRepoPath(prefix + raw);
    if (m === undefined) throw fatal(`${raw}: '${raw}' is outside repository at '${repo.workTree}'`);
    specs.push(m);
  }
  if (args.length === 1 && prefix !== "") specs.push(prefix);
  const name = (path: string) => {
    const shown = chomp ? relativePath(path, prefix) : path;
    return end === "\0" ? shown : quotePath(shown);
  };
  const out: string[] = [];
  const visit = (oid: string, base: string) => {
    let all = specs.length === 0;
    for (const e of repo.tree(oid)) {
      const isDir = isTreeMode(e.mode);
      if (!all) {
        const interest = interesting(specs, base, e.name, isDir, e.mode === "160000");
        if (interest === "none") continue;
        if (interest === "all") all = true;
      }
      // show_tree_common: what is printed, and whether a tree is entered.
      const recurse = isDir && (recursive || enters(specs, base, e.name));
      const type = isDir ? "tree" : e.mode === "160000" ? "commit" : "blob";
      const hidden = (type === "blob" && treesOnly) || (recurse && !showTrees);
      if (!hidden) out.push((format === undefined ? line(repo, e, type, base, { mode, width, name }) : formatLine(repo, e, type, base, { format, width, name: (path) => quotePath(chomp ? relativePath(path, prefix) : path) })) + end);
      if (recurse) visit(e.oid, `${base}${e.name}/`);
    }
  };
  visit(tree, "");
  ctx.out.push(out.join(""));
  return 0;
}

/** The formats of ls-tree's own modes (ls_tree_cmdmode_format). */
const FORMAT_MODES: Record<string, string> = {
  "%(objectmode) %(objecttype) %(objectname)%x09%(path)": "default",
  "%(objectmode) %(objecttype) %(objectname) %(objectsize:padded)%x09%(path)": "long",
  "%(path)": "name",
  "%(objectname)": "object",
};

/** One --format line (git's expand_show_tree): %(objectmode), %(objecttype), %(objectsize[:padded]), %(objectname), %(path), %%, %n, %xNN. */
function formatLine(repo: Repository, e: TreeEntry, type: string, base: string, o: { format: string; width: number | undefined; name: (path: string) => string }): string {
  let out = "";
  const f = o.format;
  for (let i = 0; i < f.length; ) {
    const pct = f.indexOf("%", i);
    if (pct < 0) {
      out += f.slice(i);
      break;
    }
    out += f.slice(i, pct);
    const start = f.slice(pct + 1);
    if (start.startsWith("%")) {
      out += "%";
      i = pct + 2;
      continue;
    }
    if (start.startsWith("n")) {
      out += "\n";
      i = pct + 2;
      continue;
    }
    const hex = /^x([0-9a-fA-F]{2})/.exec(start);
    if (hex) {
      out += String.fromCharCode(parseInt(hex[1]!, 16));
      i = pct + 4;
      continue;
    }
    if (!start.startsWith("(")) throw fatal(`bad ls-tree format: element '${start}' does not start with '('`);
    const close = start.indexOf(")");
    if (close < 0) throw fatal(`bad ls-tree format: element '${start}' does not end in ')'`);
    const atom = start.slice(0, close + 1);
    if (atom === "(objectmode)") out += e.mode.padStart(6, "0");
    else if (atom === "(objecttype)") out += type;
    else if (atom === "(objectsize)" || atom === "(objectsize:padded)") {
      const size = type === "blob" ? String(repo.readObject(e.oid).data.length) : "-";
      out += atom === "(objectsize)" ? size : size.padStart(7);
    } else if (atom === "(objectname)") out += showId(repo, e.oid, o.width);
    else if (atom === "(path)") out += o.name(base + e.name);
    else throw fatal(`bad ls-tree format: %${atom}`);
    i = pct + 1 + atom.length;
  }
  return out;
}

/** One output line (without its terminator). */
function line(repo: Repository, e: TreeEntry, type: string, base: string, o: { mode: string; width: number | undefined; name: (path: string) => string }): string {
  const id = showId(repo, e.oid, o.width);
  const path = o.name(base + e.name);
  if (o.mode === "name") return path;
  if (o.mode === "object") return id;
  const head = `${e.mode.padStart(6, "0")} ${type} ${id}`;
  if (o.mode !== "long") return `${head}\t${path}`;
  let size = "-";
  if (type === "blob") {
    const obj = repo.objects.read(e.oid);
    size = obj ? String(obj.data.length) : "BAD";
  }
  return `${head} ${size.padStart(7)}\t${path}`;
}

/**
 * tree_entry_interesting without wildcards: "all" when `base` lies inside a
 * pathspec's directory (every later entry of this tree is then shown), "one"
 * when the entry is a pathspec or a directory on the way to one, else "none".
 */
function interesting(specs: string[], base: string, name: string, isDir: boolean, gitlink: boolean): "all" | "one" | "none" {
  let one = false;
  for (const m of specs) {
    if (base.length >= m.length) {
      if (base.startsWith(m) && (m === "" || m.endsWith("/") || base[m.length] === "/")) return "all";
      continue;
    }
    if (!m.startsWith(base)) continue;
    const rest = m.slice(base.length);
    if (name.length > rest.length || !rest.startsWith(name)) continue;
    if (rest.length > name.length && (rest[name.length] !== "/" || !(isDir || (gitlink && rest.length === name.length + 1)))) continue;
    one = true;
  }
  return one ? "one" : "none";
}

/** ls-tree's show_recursive without -r: a pathspec names something inside directory base + name. */
function enters(specs: string[], base: string, name: string): boolean {
  return specs.some((m) => m.startsWith(base) && m.length - base.length > name.length && m.startsWith(`${name}/`, base.length));
}
