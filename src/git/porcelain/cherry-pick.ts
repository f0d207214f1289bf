/**
 * `git cherry-pick` and `git revert` (builtin/revert.c): their options,
 * git's checks of which go together, the commits named (alone, listed, or as
 * ranges walked oldest first for a cherry-pick), then the sequencer.
 */
import { GitError, fatal } from "../errors.ts";
import { ancestors, mergeBases } from "../merge-base.ts";
import type { Repository } from "../repo.ts";
import { walk } from "../rev-walk.ts";
import { peel, tryResolve } from "../revision.ts";
import { OptionError, parseOptions, type OptionSpec } from "./context.ts";
import type { Context } from "./context.ts";
import { gitOptions } from "./usage.ts";
import { pickRevisions, sequencerContinue, sequencerQuit, sequencerRollback, sequencerSkip, type Action, type ReplayOptions } from "./sequencer.ts";

const COMMON: Record<string, OptionSpec> = {
  quit: { cmdmode: true },
  continue: { cmdmode: true },
  abort: { cmdmode: true },
  skip: { cmdmode: true },
  cleanup: { value: true },
  "no-commit": { short: "n" },
  edit: { short: "e" },
  signoff: { short: "s" },
  mainline: { short: "m", value: true },
  "rerere-autoupdate": {},
  strategy: { value: true },
  "strategy-option": { short: "X", value: true },
  "gpg-sign": { short: "S", value: true, optional: "" },
  r: { short: "r" },
};

const PICK_ONLY: Record<string, OptionSpec> = {
  x: { short: "x" },
  ff: {},
  "allow-empty": {},
  "allow-empty-message": {},
  "keep-redundant-commits": {},
};

/** git cherry-pick [-n] [-x] [-m <parent>] [--ff] [--allow-empty] [--keep-redundant-commits] [-e|--no-edit] <commit>... | --continue | --skip | --abort | --quit */
export function cherryPick(ctx: Context, argv: string[]): number {
  return run(ctx, argv, "cherry-pick");
}

/** git revert [-n] [--no-edit|-e] [-m <parent>] <commit>... | --continue | --skip | --abort | --quit */
export function revert(ctx: Context, argv: string[]): number {
  return run(ctx, argv, "revert");
}

/**
 * run_sequencer parses with PARSE_OPT_KEEP_UNKNOWN_OPT: an option it does not
 * know (an abbreviation included) is left for the revision parser, which
 * leaves it over, and the usage is all git prints.
 */
function checkKnown(argv: string[], action: Action): void {
  const table = gitOptions(action)!;
  for (const a of argv) {
    if (a === "--") break;
    if (!a.startsWith("--") || a === "--") continue;
    const name = a.slice(2).split("=")[0]!;
    const known =
      table.long.includes(name) ||
      (name.startsWith("no-") && table.long.includes(name.slice(3)) && !table.noneg.has(name.slice(3))) ||
      table.long.includes(`no-${name}`);
    if (!known) throw new OptionError("", 2);
  }
}

function run(ctx: Context, argv: string[], action: Action): number {
  checkKnown(argv, action);
  let p;
  try {
    p = parseOptions(argv, action === "cherry-pick" ? { ...COMMON, ...PICK_ONLY } : { ...COMMON, reference: {} });
  } catch (e) {
    // Unknown switches are left for the revision parser, which leaves them over: git prints the usage alone.
    if (e instanceof OptionError && e.message.startsWith("error: unknown")) throw new OptionError("", 2);
    throw e;
  }
  const o = p.opts;
  let mainline: number | undefined;
  if (o.mainline !== undefined) {
    const m = o.mainline as string;
    mainline = /^[+-]?\d+$/.test(m) ? Number.parseInt(m, 10) : NaN;
    if (!(mainline > 0)) throw new OptionError("error: option `mainline' expects a number greater than zero", 0);
  }
  const cmd = (["quit", "continue", "skip", "abort"] as const).find((c) => o[c] === true);
  // verify_opt_compatible: the first of these given stops a --continue/--skip/--abort/--quit, then --ff's.
  const incompatible = (base: string, opts: [string, unknown][]) => {
    const given = opts.find(([, v]) => v !== undefined && v !== false);
    if (given) throw fatal(`${action}: ${given[0]} cannot be used with ${base}`);
  };
  if (cmd) {
    incompatible(`--${cmd}`, [
      ["--no-commit", o["no-commit"] || undefined],
      ["--signoff", o.signoff || undefined],
      ["--mainline", mainline],
      ["--strategy", o.strategy],
      ["--strategy-option", o["strategy-option"]],
      ["-x", o.x || undefined],
      ["--ff", o.ff || undefined],
      ["--rerere-autoupdate", o["rerere-autoupdate"] === true || undefined],
      ["--no-rerere-autoupdate", o["rerere-autoupdate"] === false || undefined],
    ]);
  }
  if (o.ff) incompatible("--ff", [["--signoff", o.signoff || undefined], ["--no-commit", o["no-commit"] || undefined], ["-x", o.x || undefined], ["--edit", o.edit === true || undefined]]);
  const revs = [...p.args, ...(p.paths ?? [])];
  if (cmd ? revs.length > 0 : revs.length === 0) throw new OptionError("", 2);
  // What gokit does not implement is refused rather than ignored.
  const unsupported: [string, unknown][] = [
    ["--signoff", o.signoff],
    ["--cleanup", o.cleanup],
    ["--strategy", o.strategy],
    ["--strategy-option", o["strategy-option"]],
    ["--gpg-sign", o["gpg-sign"]],
    ["--rerere-autoupdate", o["rerere-autoupdate"]],
    ["--allow-empty-message", o["allow-empty-message"]],
    ["--reference", o.reference],
  ];
  const refused = unsupported.find(([, v]) => v !== undefined && v !== false && !(Array.isArray(v) && v.length === 0));
  if (refused) throw fatal(`gokit git ${action} does not support ${refused[0]}`);
  if (o["rerere-autoupdate"] === false) throw fatal(`gokit git ${action} does not support --no-rerere-autoupdate`);
  const repo = ctx.repo;
  let res: number;
  if (cmd === "quit") res = sequencerQuit(ctx);
  else if (cmd === "continue") res = sequencerContinue(ctx, action);
  else if (cmd === "abort") res = sequencerRollback(ctx);
  else if (cmd === "skip") res = sequencerSkip(ctx, action);
  else {
    const opts: ReplayOptions = {
      action,
      noCommit: o["no-commit"] === true,
      edit: o.edit === undefined ? undefined : o.edit === true,
      allowEmpty: o["allow-empty"] === true || o["keep-redundant-commits"] === true,
      keepRedundant: o["keep-redundant-commits"] === true,
      recordOrigin: o.x === true,
      allowFF: o.ff === true,
      mainline,
    };
    const { oids, single } = commitsToPick(ctx, repo, revs, action);
    res = oids === undefined ? -1 : pickRevisions(ctx, oids, single, opts);
  }
  if (res < 0) throw new GitError(`fatal: ${action} failed`, 128);
  return res;
}

/**
 * The commits named: one alone (picked without sequencer state), several in
 * the order given, or with a range or an exclusion git's walk of them (for a
 * cherry-pick, oldest first).
 */
function commitsToPick(ctx: Context, repo: Repository, revs: string[], action: Action): { oids: string[] | undefined; single: boolean } {
  const starts: string[] = [];
  const exclude = new Set<string>();
  let walked = false;
  const commitOf = (spec: string): string | undefined => {
    const r = tryResolve(repo, spec === "-" ? "@{-1}" : spec);
    if (!r) throw fatal(`bad revision '${spec}'`);
    const c = peel(repo, r.oid, "commit");
    if (!c) ctx.eprint(`error: ${spec}: can't cherry-pick a ${repo.readObject(r.oid).type}`);
    return c;
  };
  const excludeFrom = (oid: string) => {
    for (const a of ancestors(repo, oid)) exclude.add(a);
  };
  for (const rev of revs) {
    const sym = /^(.*?)\.\.\.(.*)$/.exec(rev);
    const range = sym ? undefined : /^(.*?)\.\.(.*)$/.exec(rev);
    if (sym || range) {
      walked = true;
      const m = (sym ?? range)!;
      const left = commitOf(m[1] || "HEAD");
      const right = commitOf(m[2] || "HEAD");
      if (!left || !right) return { oids: undefined, single: false };
      if (sym) {
        starts.push(left, right);
        for (const b of mergeBases(repo, left, right)) excludeFrom(b);
      } else {
        excludeFrom(left);
        starts.push(right);
      }
    } else if (rev.startsWith("^")) {
      walked = true;
      const c = commitOf(rev.slice(1));
      if (!c) return { oids: undefined, single: false };
      excludeFrom(c);
    } else {
      const c = commitOf(rev);
      if (!c) return { oids: undefined, single: false };
      starts.push(c);
    }
  }
  if (!walked) return { oids: starts, single: starts.length === 1 };
  const oids = walk(repo, starts, exclude);
  return { oids: action === "cherry-pick" ? oids.reverse() : oids, single: false };
}
