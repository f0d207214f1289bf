/**
 * `git update-ref`: sets a ref to a new id (through symbolic refs unless
 * --no-deref), checking its old value when given one ("" or the zero id: it
 * must not exist), or deletes it with -d; -m gives the reflog message. With
 * --stdin, the commands update/create/delete/verify/option and the explicit
 * start/prepare/commit/abort, one per line, make one transaction: nothing is
 * applied if any of them fails; -z reads NUL-terminated arguments
 * (builtin/update-ref.c).
 */
import { nodeFs } from "../../sys/index.ts";
import { fatal, GitError } from "../errors.ts";
import { badNameError, commitRefUpdates, isValidRefFormat, ZERO_OID, type RefUpdate } from "../ref-transaction.ts";
import type { Repository } from "../repo.ts";
import { getOid } from "../revision.ts";
import { OptionError, parseOptions, type Context } from "./context.ts";

/** What every update of this invocation shares. */
interface Defaults {
  message?: string;
  noDeref: boolean;
  createReflog: boolean;
}

/** git update-ref [-m <reason>] [--no-deref] [--create-reflog] (-d <ref> [<old>] | <ref> <new> [<old>] | --stdin) */
export function updateRef(ctx: Context, argv: string[]): number {
  const p = parseOptions(argv, {
    m: { short: "m", value: true },
    d: { short: "d" },
    "no-deref": {},
    z: { short: "z" },
    stdin: {},
    "create-reflog": {},
  });
  const repo = ctx.repo;
  const message = p.opts.m as string | undefined;
  if (message === "") throw fatal("Refusing to perform update with empty message.");
  const defaults: Defaults = { message, noDeref: p.opts["no-deref"] === true, createReflog: p.opts["create-reflog"] === true };
  const args = [...p.args, ...(p.paths ?? [])];
  if (p.opts.stdin) {
    if (p.opts.d || args.length > 0) throw new OptionError("", 2, true);
    updateFromStdin(ctx, repo, defaults, p.opts.z ? "\0" : "\n");
    return 0;
  }
  if (p.opts.z) throw new OptionError("", 2, true);
  const resolve = (value: string, what: string): string => {
    const oid = getOid(repo, value);
    if (oid === undefined) throw fatal(`${value}: not a valid ${what}`);
    return oid;
  };
  if (p.opts.d) {
    if (args.length < 1 || args.length > 2) throw new OptionError("", 2, true);
    const [ref, oldArg] = args as [string, string | undefined];
    const old = oldArg === undefined || oldArg === "" ? undefined : resolve(oldArg, "old SHA1");
    // The zero id means "whatever it is" to -d (git's backward compatibility).
    const update: RefUpdate = { ref, newOid: ZERO_OID, oldOid: old === ZERO_OID ? undefined : old, noDeref: defaults.noDeref, message };
    const error = badNameError(update) ?? failure(commitRefUpdates(repo, [update]));
    if (error === undefined) return 0;
    ctx.eprint(`error: ${error}`);
    return 1;
  }
  if (args.length < 2 || args.length > 3) throw new OptionError("", 2, true);
  const [ref, value, oldArg] = args as [string, string, string | undefined];
  const newOid = resolve(value, "SHA1");
  const oldOid = oldArg === undefined ? undefined : oldArg === "" ? ZERO_OID : resolve(oldArg, "old SHA1");
  const update: RefUpdate = { ref, newOid, oldOid, noDeref: defaults.noDeref, message, createReflog: defaults.createReflog };
  const error = badNameError(update) ?? failure(commitRefUpdates(repo, [update]));
  if (error !== undefined) throw fatal(`update_ref failed for ref '${ref}': ${error}`);
  return 0;
}

function failure(r: ReturnType<typeof commitRefUpdates>): string | undefined {
  return r.ok ? undefined : r.error;
}

/** git's die(): the message and a newline, even after one the message ends with (an input line quoted whole). */
function die(msg: string): GitError {
  return new GitError(`fatal: ${msg}\n`, 128);
}

/** The states of an --stdin session (update_refs_state): updates open a transaction, start/prepare/commit/abort drive one. */
const enum State {
  Open,
  Started,
  Prepared,
  Closed,
}

/** The commands --stdin takes: how many arguments, and the state each moves to. */
const COMMANDS: [name: string, args: number, state: State][] = [
  ["update", 3, State.Open],
  ["create", 2, State.Open],
  ["delete", 2, State.Open],
  ["verify", 2, State.Open],
  ["option", 1, State.Open],
  ["start", 0, State.Started],
  ["prepare", 0, State.Prepared],
  ["abort", 0, State.Closed],
  ["commit", 0, State.Closed],
];

/** What git's printf("%s") shows of a string: up to its first NUL. */
function cstr(s: string): string {
  const nul = s.indexOf("\0");
  return nul < 0 ? s : s.slice(0, nul);
}

/**
 * update_refs_stdin: reads the commands (each record with its terminator,
 * newline or with -z NUL, the last maybe without; with -z a command's
 * arguments are records of their own), dying at the first error like git.
 */
function updateFromStdin(ctx: Context, repo: Repository, defaults: Defaults, term: "\n" | "\0"): void {
  const input = nodeFs().readFileSync(0, "utf8");
  const records: string[] = [];
  for (let at = 0; at < input.length; ) {
    const nl = input.indexOf(term, at);
    const end = nl < 0 ? input.length : nl + 1;
    records.push(input.slice(at, end));
    at = end;
  }
  let state = State.Open;
  let updates: RefUpdate[] = [];
  let noDeref = defaults.noDeref;
  const run = (what: string, dryRun = false) => {
    const r = commitRefUpdates(repo, updates, { dryRun });
    if (!r.ok) throw die(`${what}${r.error}`);
  };
  for (let k = 0; k < records.length; k++) {
    let line = records[k]!;
    if (line[0] === term) throw die("empty command in input");
    if (/^[ \t\n\r]/.test(line)) throw die(`whitespace before command: ${cstr(line)}`);
    const cmd = COMMANDS.find(([name, args]) => line.startsWith(name) && (line[name.length] ?? "\0") === (args ? " " : term));
    if (!cmd) throw die(`unknown command: ${cstr(line)}`);
    const [name, args, next] = cmd;
    // With -z the arguments after the first are records of their own.
    for (let j = 1; term === "\0" && j < args && k + 1 < records.length; j++) line += records[++k]!;
    if (state === State.Open || state === State.Started) {
      if (state === State.Started && next === State.Started) throw die("cannot restart ongoing transaction");
      if (next >= state) state = next;
    } else if (state === State.Prepared) {
      if (next !== State.Closed) throw die("prepared transactions can only be closed");
      state = next;
    } else {
      if (next !== State.Started) throw die("transaction is closed");
      state = next;
      updates = [];
    }
    const rest = line.slice(name.length + (args ? 1 : 0));
    // A command without arguments matched only when its terminator follows.
    if (args === 0) {
      if (name === "start") ctx.print("start: ok");
      else if (name === "prepare") {
        run("prepare: ", true);
        ctx.print("prepare: ok");
      } else if (name === "abort") {
        updates = [];
        ctx.print("abort: ok");
      } else {
        run("commit: ");
        updates = [];
        ctx.print("commit: ok");
      }
      continue;
    }
    if (name === "option") {
      if (rest === `no-deref${term}`) noDeref = true;
      else throw die(`option unknown: ${cstr(rest)}`);
      continue;
    }
    const u = parseUpdate(ctx, repo, name, rest, term);
    const update: RefUpdate = { ...u, noDeref, message: defaults.message, ...(name === "update" || name === "create" ? { createReflog: defaults.createReflog } : {}) };
    const bad = badNameError(update);
    if (bad) throw die(bad);
    updates.push(update);
    noDeref = defaults.noDeref;
  }
  if (state === State.Open) run("");
}

/** One update/create/delete/verify record after its command word: the ref and values, or git's error (parse_refname, parse_next_oid). */
function parseUpdate(ctx: Context, repo: Repository, command: string, line: string, term: "\n" | "\0"): { ref: string; newOid?: string; oldOid?: string } {
  let at = 0;
  const space = /[ \t\n\r]/;
  const arg = (): string => {
    if (line[at] === '"') {
      const start = at;
      const q = unquoteC(line, at);
      if (!q) throw die(`badly quoted argument: ${cstr(line.slice(start))}`);
      at = q.end;
      if (at < line.length && !space.test(line[at]!)) throw die(`unexpected character after quoted argument: ${cstr(line.slice(start))}`);
      return q.value;
    }
    const start = at;
    while (at < line.length && !space.test(line[at]!)) at++;
    return line.slice(start, at);
  };
  /** With -z an argument is everything up to its NUL. */
  const record = (): string => {
    const v = cstr(line.slice(at));
    at += v.length;
    return v;
  };
  const ref = term === "\n" ? arg() : record();
  if (ref === "") throw die(`${command}: missing <ref>`);
  if (!isValidRefFormat(ref)) throw die(`invalid ref format: ${ref}`);
  /** parse_next_oid: undefined when the value is missing; "" as a value is the zero id. */
  const value = (old: boolean): string | undefined => {
    const which = old ? "<oldvalue>" : "<newvalue>";
    const eof = () => die(`${command} ${ref}: unexpected end of input when reading ${which}`);
    if (at >= line.length) throw eof();
    let v: string;
    if (term === "\n") {
      if (line[at] === "\n") return undefined;
      if (line[at] !== " ") throw die(`${command} ${ref}: expected SP but got: ${line.slice(at)}`);
      at++;
      v = arg();
      if (v === "") return ZERO_OID;
    } else {
      if (line[at] !== "\0") throw die(`${command} ${ref}: expected NUL but got: ${cstr(line.slice(at))}`);
      at++;
      if (at >= line.length) throw eof();
      v = record();
      if (v === "") {
        if (old) return undefined;
        ctx.eprint(`warning: ${command} ${ref}: missing <newvalue>, treating as zero`);
        return ZERO_OID;
      }
    }
    const oid = getOid(repo, v);
    if (oid === undefined) throw die(`${command} ${ref}: invalid ${which}: ${v}`);
    return oid;
  };
  const end = () => {
    if (line[at] !== term) throw die(`${command} ${ref}: extra input: ${cstr(line.slice(at))}`);
  };
  if (command === "update") {
    const newOid = value(false);
    if (newOid === undefined) throw die(`update ${ref}: missing <newvalue>`);
    const oldOid = value(true);
    end();
    return { ref, newOid, oldOid };
  }
  if (command === "create") {
    const newOid = value(false);
    if (newOid === undefined) throw die(`create ${ref}: missing <newvalue>`);
    if (newOid === ZERO_OID) throw die(`create ${ref}: zero <newvalue>`);
    end();
    return { ref, newOid, oldOid: ZERO_OID };
  }
  if (command === "delete") {
    const oldOid = value(true);
    if (oldOid === ZERO_OID) throw die(`delete ${ref}: zero <oldvalue>`);
    end();
    return { ref, newOid: ZERO_OID, oldOid };
  }
  // verify: no value means "must not exist".
  const oldOid = value(true) ?? ZERO_OID;
  end();
  return { ref, oldOid };
}

/** A C-style quoted string starting at `at` (git's unquote_c_style): its value and the index after the closing quote. */
function unquoteC(s: string, at: number): { value: string; end: number } | undefined {
  const bytes: number[] = [];
  const escapes: Record<string, number> = { a: 7, b: 8, f: 12, n: 10, r: 13, t: 9, v: 11, "\\": 92, '"': 34 };
  for (let k = at + 1; k < s.length; k++) {
    const c = s[k]!;
    if (c === '"') return { value: Buffer.from(bytes).toString("utf8"), end: k + 1 };
    if (c !== "\\") {
      bytes.push(...Buffer.from(c, "utf8"));
      continue;
    }
    const e = s[++k];
    if (e === undefined) return undefined;
    if (escapes[e] !== undefined) bytes.push(escapes[e]!);
    else if (/[0-3]/.test(e) && /^[0-7]{2}$/.test(s.slice(k + 1, k + 3))) {
      bytes.push(parseInt(s.slice(k, k + 3), 8));
      k += 2;
    } else return undefined;
  }
  return undefined;
}
