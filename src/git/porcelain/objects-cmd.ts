/** Plumbing over objects: `hash-object` and `cat-file`. */
import { nodeFs, resolve } from "../../sys/index.ts";
import { GitError, fatal } from "../errors.ts";
import { isTreeMode, parseTree, type ObjectType } from "../objects.ts";
import { diagnoseRevision, tryResolve } from "../revision.ts";
import { hashObject } from "../sha1.ts";
import { OptionError, parseOptions, type Context } from "./context.ts";

/** git hash-object [-w] [-t <type>] [--stdin] <file>... */
export async function hashObjectCmd(ctx: Context, argv: string[]): Promise<number> {
  const p = parseOptions(argv, { write: { short: "w" }, type: { short: "t", value: true }, stdin: {} });
  const type = (p.opts.type as ObjectType | undefined) ?? "blob";
  if (!["blob", "tree", "commit", "tag"].includes(type)) throw new GitError(`fatal: invalid object type "${type}"`, 128);
  // Each id is printed as it is made: a missing file fails after the ones before it, as in git.
  const emit = (data: Uint8Array) => ctx.print(p.opts.write ? ctx.repo.objects.write(type, data) : hashObject(type, data));
  if (p.opts.stdin) emit(new Uint8Array(await Bun.stdin.arrayBuffer()));
  for (const f of [...p.args, ...(p.paths ?? [])]) {
    let data: Uint8Array;
    try {
      data = nodeFs().readFileSync(resolve(ctx.cwd, f));
    } catch {
      throw new GitError(`fatal: could not open '${f}' for reading: No such file or directory`, 128);
    }
    emit(data);
  }
  return 0;
}

/** Pretty-prints a tree as `git cat-file -p` does. */
export function formatTree(data: Uint8Array): string {
  let s = "";
  for (const e of parseTree(data)) {
    const kind = isTreeMode(e.mode) ? "tree" : e.mode === "160000" ? "commit" : "blob";
    s += `${e.mode.padStart(6, "0")} ${kind} ${e.oid}\t${e.name}\n`;
  }
  return s;
}

/**
 * git cat-file --batch[=<format>] / --batch-check[=<format>]: a line of
 * stdin names an object each; the answer is the format (by default
 * "%(objectname) %(objecttype) %(objectsize)"; also %(objectsize:disk) is not
 * known) and, for --batch, the content and a newline; "<name> missing" for
 * a name that resolves to nothing.
 */
function catFileBatch(ctx: Context, withContent: boolean, format: string): number {
  const repo = ctx.repo;
  // The format is checked before any input is read, as git's expand_format does.
  const unknown = /%\((?!objectname\)|objecttype\)|objectsize\)|rest\))([^)]*)\)/.exec(format);
  if (unknown) throw fatal(unknown[1] === "objectsize:disk" || unknown[1] === "deltabase" ? `gokit git cat-file does not support %(${unknown[1]})` : `unknown format element: ${unknown[1]}`);
  const input = nodeFs().readFileSync(0, "utf8");
  const lines = input.split("\n");
  if (lines[lines.length - 1] === "") lines.pop();
  const parts: (string | Uint8Array)[] = [];
  for (const name of lines) {
    const r = name === "" ? undefined : tryResolve(repo, name);
    const obj = r && repo.objects.read(r.oid);
    if (!r || !obj) {
      parts.push(`${name} missing\n`);
      continue;
    }
    const fields: Record<string, string> = { objectname: r.oid, objecttype: obj.type, objectsize: String(obj.data.length), rest: "" };
    parts.push(`${format.replace(/%\((objectname|objecttype|objectsize|rest)\)/g, (_, k: string) => fields[k]!)}\n`);
    if (withContent) parts.push(obj.data, "\n");
  }
  ctx.out.push(...parts);
  return 0;
}

/** git cat-file (-t | -s | -e | -p | <type>) <object> | --batch[-check][=<format>] */
export function catFile(ctx: Context, argv: string[]): number {
  const batch = argv.find((a) => a === "--batch" || a === "--batch-check" || a.startsWith("--batch=") || a.startsWith("--batch-check="));
  if (batch !== undefined && argv.length === 1) {
    const eq = batch.indexOf("=");
    return catFileBatch(ctx, batch.startsWith("--batch=") || batch === "--batch", eq < 0 ? "%(objectname) %(objecttype) %(objectsize)" : batch.slice(eq + 1));
  }
  if (batch !== undefined) throw fatal(`gokit git cat-file takes ${batch} alone`);
  const p = parseOptions(argv, { t: { short: "t", cmdmode: true }, s: { short: "s", cmdmode: true }, e: { short: "e", cmdmode: true }, p: { short: "p", cmdmode: true } });
  const mode = (["t", "s", "e", "p"] as const).filter((k) => p.opts[k]);
  const args = [...p.args];
  let wantType: string | undefined;
  // Git's checks, each followed by the usage (exit 129).
  if (mode.length === 0) {
    if (args.length === 0) throw new OptionError("", 2, true);
    if (args.length !== 2) throw new OptionError(`fatal: only two arguments allowed in <type> <object> mode, not ${args.length}\n\n`, 2, true);
    wantType = args.shift();
  } else if (args.length === 0) throw new OptionError(`fatal: <object> required with '-${mode[0]}'\n\n`, 2, true);
  else if (args.length > 1) throw new OptionError("fatal: too many arguments\n\n", 2, true);
  const name = args[0]!;
  const repo = ctx.repo;
  const r = tryResolve(repo, name);
  if (!r) {
    if (mode[0] === "e" && /^[0-9a-f]{40}$/.test(name)) return 1;
    throw diagnoseRevision(repo, name) ?? new GitError(`fatal: Not a valid object name ${name}`, 128);
  }
  const obj = repo.objects.read(r.oid);
  if (!obj) {
    if (mode[0] === "e") return 1;
    throw new GitError(`fatal: Not a valid object name ${name}`, 128);
  }
  switch (mode[0]) {
    case "e":
      return 0;
    case "t":
      ctx.print(obj.type);
      return 0;
    case "s":
      ctx.print(String(obj.data.length));
      return 0;
    case "p":
      ctx.out.push(obj.type === "tree" ? formatTree(obj.data) : obj.data);
      return 0;
  }
  if (obj.type !== wantType) throw new GitError(`fatal: git cat-file ${name}: bad file`, 128);
  ctx.out.push(obj.data);
  return 0;
}
