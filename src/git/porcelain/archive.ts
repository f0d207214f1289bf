/**
 * `git archive`: a tree as a tar file byte for byte as archive-tar.c writes
 * it (ustar headers, the commit id in a pax global header, tar.umask 0002,
 * long names split into the prefix field or given a pax header, 10240-byte
 * blocks), as tar.gz/tgz through `gzip -cn` as git runs it, or as zip.
 * --prefix, -o (the format from its extension), paths, --list. The
 * .gitattributes export-ignore / export-subst attributes are refused.
 */
import { deflateSync, zipSync } from "fflate";
import { nodeFs, resolve } from "../../sys/index.ts";
import { fatal, GitError } from "../errors.ts";
import type { Repository } from "../repo.ts";
import { peel, tryResolve } from "../revision.ts";
import { OptionError, parseOptions, type Context } from "./context.ts";

const RECORD = 512;
const BLOCK = RECORD * 20;
const FORMATS = ["tar", "tgz", "tar.gz", "zip"];

/** One archive member, in git's order (a directory before what it holds). */
interface Member {
  path: string;
  mode: number;
  oid: string;
}

/** The tree's members under `base` (the prefix), limited to `paths` when given (with the directories leading to them), as read_tree visits them. */
function members(repo: Repository, tree: string, base: string, within: (path: string, dir: boolean) => "in" | "under" | "out"): Member[] {
  const out: Member[] = [];
  const visit = (t: string, dir: string) => {
    for (const e of repo.tree(t)) {
      const path = dir + e.name;
      const mode = Number.parseInt(e.mode, 8);
      const isDir = mode === 0o40000;
      const w = within(path, isDir);
      if (w === "out") continue;
      if (isDir) {
        out.push({ path: `${base}${path}/`, mode, oid: e.oid });
        visit(e.oid, `${path}/`);
      } else out.push({ path: base + path, mode, oid: e.oid });
    }
  };
  visit(tree, "");
  return out;
}

/** A ustar header (archive-tar.c prepare_header), checksum filled in. */
function header(name: string, mode: number, size: number, mtime: number, type: string, linkname = "", prefix = ""): Uint8Array {
  const h = new Uint8Array(RECORD);
  const put = (offset: number, text: string) => h.set(Buffer.from(text, "utf8").subarray(0, text.length), offset);
  const oct = (n: number, width: number) => n.toString(8).padStart(width, "0");
  put(0, name);
  put(100, oct(mode & 0o7777, 7));
  put(108, oct(0, 7));
  put(116, oct(0, 7));
  put(124, oct(size, 11));
  put(136, oct(mtime, 11));
  put(156, type);
  put(157, linkname);
  put(257, "ustar");
  put(263, "00");
  put(265, "root");
  put(297, "root");
  put(329, oct(0, 7));
  put(337, oct(0, 7));
  put(345, prefix);
  let sum = 8 * 32;
  for (let i = 0; i < RECORD; i++) if (i < 148 || i >= 156) sum += h[i]!;
  put(148, oct(sum, 7));
  return h;
}

/** A pax extended record: "<len> <key>=<value>\n", the length counting itself. */
function paxRecord(key: string, value: string): string {
  const body = ` ${key}=${value}\n`;
  let len = Buffer.byteLength(body) + 1;
  while (String(len).length + Buffer.byteLength(body) !== len) len = String(len).length + Buffer.byteLength(body);
  return `${len}${body}`;
}

/** The tar stream. */
function tar(repo: Repository, list: Member[], mtime: number, commit: string | undefined, umask: number): Uint8Array {
  const chunks: Uint8Array[] = [];
  let size = 0;
  const push = (b: Uint8Array) => {
    chunks.push(b);
    size += b.length;
    const pad = (RECORD - (b.length % RECORD)) % RECORD;
    if (pad) {
      chunks.push(new Uint8Array(pad));
      size += pad;
    }
  };
  if (commit) {
    const ext = Buffer.from(paxRecord("comment", commit));
    push(header("pax_global_header", 0o666, ext.length, mtime, "g"));
    push(ext);
  }
  for (const m of list) {
    const type = (m.mode & 0o170000) >>> 0;
    let mode: number;
    let flag: string;
    let data: Uint8Array = new Uint8Array(0);
    let link = "";
    if (type === 0o40000 || type === 0o160000) {
      flag = "5";
      mode = (m.mode | 0o777) & ~umask;
    } else if (type === 0o120000) {
      flag = "2";
      mode = m.mode | 0o777;
      link = Buffer.from(repo.readTyped(m.oid, "blob")).toString("utf8");
    } else {
      flag = "0";
      mode = (m.mode | (m.mode & 0o100 ? 0o777 : 0o666)) & ~umask;
      data = repo.readTyped(m.oid, "blob");
    }
    let name = m.path;
    let prefix = "";
    const ext: string[] = [];
    const bytes = Buffer.from(m.path);
    if (bytes.length > 100) {
      // get_path_prefix: the last "/" (not a trailing one) within 155 bytes splits the path into prefix and name.
      let i = bytes.length;
      if (i > 1 && bytes[i - 1] === 0x2f) i--;
      if (i > 155) i = 155;
      do i--;
      while (i > 0 && bytes[i] !== 0x2f);
      const rest = bytes.length - i - 1;
      if (i > 0 && rest <= 100) {
        prefix = bytes.subarray(0, i).toString();
        name = bytes.subarray(i + 1).toString();
      } else {
        name = `${m.oid}.data`;
        ext.push(paxRecord("path", m.path));
      }
    }
    if (Buffer.byteLength(link) > 100) {
      ext.push(paxRecord("linkpath", link));
      link = `see ${m.oid}.paxheader`;
    }
    if (ext.length) {
      const body = Buffer.from(ext.join(""));
      push(header(`${m.oid}.paxheader`, 0o100666, body.length, mtime, "x"));
      push(body);
    }
    push(header(name, mode, flag === "0" ? data.length : 0, mtime, flag, link, prefix));
    if (flag === "0" && data.length) push(data);
  }
  // write_trailer: fill the block with zeros, and add a block when fewer than two records of them are left.
  const tail = BLOCK - (size % BLOCK);
  chunks.push(new Uint8Array(tail < 2 * RECORD ? tail + BLOCK : tail));
  return Buffer.concat(chunks);
}

/** A zip of the members (deflated; directories as entries), with the commit time, unix modes, and the commit id as the archive's comment as git writes it. */
function zip(repo: Repository, list: Member[], mtime: number, commit: string | undefined): Uint8Array {
  const files: Record<string, [Uint8Array, { mtime: Date; attrs: number; os: number; level: 0 | 6 }]> = {};
  for (const m of list) {
    const type = m.mode & 0o170000;
    const dir = type === 0o40000 || type === 0o160000;
    const data = dir ? new Uint8Array(0) : repo.readTyped(m.oid, "blob");
    // archive-zip.c: executables and symlinks carry unix modes (made by unix), the rest FAT attributes (0x10 for a directory);
    // content is stored when deflating does not make it smaller.
    const unix = type === 0o120000 || (!dir && (m.mode & 0o100) !== 0);
    const attrs = unix ? ((type === 0o120000 ? 0o120777 : 0o100755) << 16) >>> 0 : dir ? 0x10 : 0;
    const level = dir || type === 0o120000 || deflateSync(data, { level: 6 }).length >= data.length ? 0 : 6;
    files[m.path] = [data, { mtime: new Date(mtime * 1000), attrs, os: unix ? 3 : 0, level }];
  }
  const bytes = zipSync(files);
  if (!commit) return bytes;
  // The end-of-central-directory record is the last 22 bytes (no comment yet): set its comment length and append the id.
  const out = new Uint8Array(bytes.length + commit.length);
  out.set(bytes);
  new DataView(out.buffer).setUint16(bytes.length - 2, commit.length, true);
  out.set(Buffer.from(commit, "latin1"), bytes.length);
  return out;
}

/** git archive [--format=<fmt>] [--prefix=<prefix>/] [-o <file>] <tree-ish> [<path>...] | git archive --list */
export function archive(ctx: Context, argv: string[]): number {
  const p = parseOptions(argv, {
    format: { value: true },
    prefix: { value: true },
    output: { short: "o", value: true },
    list: { short: "l" },
    verbose: { short: "v" },
    "add-file": { value: true },
    "add-virtual-file": { value: true },
    "worktree-attributes": {},
    remote: { value: true },
    exec: { value: true },
  });
  for (const o of ["add-file", "add-virtual-file", "worktree-attributes", "remote", "exec"]) {
    if (p.opts[o] !== undefined && p.opts[o] !== false) throw fatal(`gokit git archive does not support --${o}`);
  }
  if (p.opts.list) {
    for (const f of FORMATS) ctx.print(f);
    return 0;
  }
  const args = [...p.args, ...(p.paths ?? [])];
  if (!args.length) throw new OptionError("", 2);
  const repo = ctx.repo;
  const output = p.opts.output as string | undefined;
  let format = p.opts.format as string | undefined;
  if (format === undefined && output) format = FORMATS.filter((f) => output.endsWith(`.${f}`)).pop();
  format ??= "tar";
  if (!FORMATS.includes(format)) throw fatal(`Unknown archive format '${format}'`);
  const treeish = args[0]!;
  const r = tryResolve(repo, treeish);
  if (!r) throw fatal(`not a valid object name: ${treeish}`);
  const commit = peel(repo, r.oid, "commit");
  const tree = peel(repo, r.oid, "tree");
  if (!tree) throw fatal("not a tree object");
  const mtime = commit ? repo.commit(commit).committer.time : Math.floor(Date.now() / 1000);
  // Paths limit what goes in: each must name something in the tree.
  const paths = args.slice(1).map((a) => (repo.prefix + a).replace(/\/+$/, ""));
  const within = (path: string, dir: boolean): "in" | "under" | "out" => {
    if (!paths.length) return "in";
    if (paths.some((q) => path === q || path.startsWith(`${q}/`))) return "in";
    if (dir && paths.some((q) => q.startsWith(`${path}/`))) return "under";
    return "out";
  };
  const base = (p.opts.prefix as string | undefined) ?? "";
  const list = members(repo, tree, base, within);
  for (const q of paths) if (!list.some((m) => m.path === base + q || m.path.startsWith(`${base}${q}/`))) throw fatal(`pathspec '${q}' did not match any files`);
  if (list.some((m) => m.path.endsWith(".gitattributes") && /export-(ignore|subst)/.test(Buffer.from(repo.readTyped(m.oid, "blob")).toString("utf8")))) {
    throw fatal("gokit git archive does not support the export-ignore and export-subst attributes");
  }
  // git writes the prefix's own directory first when it ends with "/".
  if (base.endsWith("/")) list.unshift({ path: base, mode: 0o40000, oid: tree });
  if (p.opts.verbose) for (const m of list) ctx.eprint(m.path);
  const umask = Number.parseInt(repo.config.get("tar.umask") ?? "0002", 8);
  let bytes: Uint8Array;
  if (format === "zip") bytes = zip(repo, list, mtime, commit);
  else {
    bytes = tar(repo, list, mtime, commit, umask);
    if (format !== "tar") {
      const gz = Bun.spawnSync(["gzip", "-cn"], { stdin: bytes, stdout: "pipe", stderr: "pipe" });
      if (gz.exitCode !== 0) throw new GitError(`fatal: '${format}' filter reported error`, 128);
      bytes = gz.stdout;
    }
  }
  if (output) {
    // Written whole or not at all: a temporary file beside it, renamed over it.
    const target = resolve(ctx.cwd, output);
    const tmp = `${target}.tmp-${process.pid}`;
    nodeFs().writeFileSync(tmp, bytes);
    nodeFs().renameSync(tmp, target);
  }
  else ctx.out.push(bytes);
  return 0;
}
