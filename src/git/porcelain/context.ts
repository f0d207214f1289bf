/**
 * What every porcelain command gets: the process's directory and environment,
 * the repository (opened on first use), and buffered stdout/stderr text that
 * cmd/git.ts prints once, or at a hook, so what the hook prints comes live
 * and in git's order.
 */
import { GitError } from "../errors.ts";
import { NOT_A_REPOSITORY, openRepository, type Repository } from "../repo.ts";
import { gitOptions } from "./usage.ts";

/** Where output goes at once when a command flushes it (the command line: file descriptors 1 and 2). */
export type LiveOutput = (fd: 1 | 2, data: string | Uint8Array) => void;

/** A command's world. */
export class Context {
  readonly out: (string | Uint8Array)[] = [];
  readonly err: string[] = [];
  /** `git -c name=value` settings, applied over every config file. */
  readonly configOverrides: [string, string][] = [];
  private r: Repository | undefined;
  constructor(
    readonly cwd: string,
    readonly env: Record<string, string | undefined>,
    /** Set by the command line; without it (a library caller) all output is collected. */
    readonly live?: LiveOutput,
  ) {}

  /** With live output, writes what has been collected so far (stderr, then stdout, as at the end) and forgets it. */
  flush(): void {
    if (!this.live) return;
    for (const d of this.r?.diagnostics.splice(0) ?? []) this.live(2, d + "\n");
    for (const e of this.err.splice(0)) this.live(2, e);
    for (const o of this.out.splice(0)) this.live(1, o);
  }

  /** The repository containing cwd; Git's fatal error when there is none. */
  get repo(): Repository {
    if (!this.r) {
      this.r = openRepository({ cwd: this.cwd, env: this.env });
      this.r.configOverrides = this.configOverrides;
    }
    return this.r;
  }

  /** The repository containing cwd, or undefined outside any (git's RUN_SETUP_GENTLY). */
  get gentleRepo(): Repository | undefined {
    try {
      return this.repo;
    } catch (e) {
      if (e instanceof GitError && e.message === NOT_A_REPOSITORY) return undefined;
      throw e;
    }
  }

  /** The repository if it was opened. */
  get openedRepo(): Repository | undefined {
    return this.r;
  }

  /** Appends a line (newline added) to stdout. */
  print(line: string): void {
    this.out.push(line + "\n");
  }

  /** Appends a line (newline added) to stderr. */
  eprint(line: string): void {
    this.err.push(line + "\n");
  }
}

/**
 * One option of a command: a short letter, whether it takes a value (with
 * `optional`, the value when none is attached: `-u`/`--untracked-files` vs
 * `-uno`/`--untracked-files=no`, the next argument never taken), whether it is
 * one of the command's exclusive modes (git's OPT_CMDMODE). With
 * `lastArgDefault`, the value is the next argument unless the option is the
 * last one, which takes that default (git's PARSE_OPT_LASTARG_DEFAULT).
 */
export interface OptionSpec {
  short?: string;
  value?: boolean;
  optional?: string;
  lastArgDefault?: string;
  cmdmode?: boolean;
  /** Git's OPT_NUMBER_CALLBACK: `-<digits>` sets this option to the digits (`-3` for `-C 3`). */
  number?: boolean;
}

/** Git's parse-options flags for a command that needs them. */
export interface ParseFlags {
  /** PARSE_OPT_STOP_AT_NON_OPTION: the first argument that is no option ends the options; it and the rest go to `args` as given. */
  stopAtNonOption?: boolean;
  /** Options written without a dash (PARSE_OPT_NODASH: grep's "(" and ")"), recorded as set in `order`. */
  nodash?: string[];
}

/** Parsed options: named values, positional arguments, and whether `--` was given (args after it in `paths`). */
export interface Parsed {
  opts: Record<string, string | boolean | undefined>;
  /** Every value of a repeated value option. */
  multi: Record<string, string[]>;
  args: string[];
  paths: string[] | undefined;
  /** Every option set, in command-line order, with its value (false when negated), for commands whose options act in order. */
  order: [string, string | boolean][];
}

/** Git's usage error (exit 129). */
export function usage(msg: string): GitError {
  return new GitError(msg, 129);
}

let activeCommand: string | undefined;

/**
 * A parse-options failure (exit 129): `message` is git's error line ("" for
 * `-h`), `usageTo` the stream git then prints the usage on (1 after -h or an
 * ambiguous option, 2 after an unknown option, 0 for none); `afterParse` when
 * the command itself found the error after parsing; `usageOf` names the usage
 * text (the command's, or the option table being parsed, such as
 * "diff --no-index").
 */
export class OptionError extends GitError {
  constructor(
    message: string,
    readonly usageTo: 0 | 1 | 2,
    readonly afterParse = false,
    readonly usageOf: string | undefined = activeCommand,
  ) {
    super(message, 129);
  }
}

/**
 * Runs `f` (a command's synchronous start, where it parses its options) with
 * `name` as the command whose git option table parseOptions consults.
 */
export function withCommand<T>(name: string, f: () => T): T {
  const previous = activeCommand;
  activeCommand = name;
  try {
    return f();
  } finally {
    activeCommand = previous;
  }
}

/** Git's check_typos: `-porcelain` for `--porcelain`. */
function checkTypos(arg: string, longNames: string[]): void {
  if (arg.length < 3) return;
  if (arg.startsWith("no-") || longNames.some((n) => n.startsWith(arg))) {
    throw new OptionError(`error: did you mean \`--${arg}\` (with two dashes)?`, 0);
  }
}

/** A long option resolved by git's parse_long_opt: the option's name and whether it was negated. */
type LongMatch = { name: string; unset: boolean } | { ambiguous: string } | undefined;

/**
 * Git's parse_long_opt over `names` (`arg` is what follows `--`): exact names,
 * `no-` negation (not of `noneg` options), unique abbreviations. As in git, the
 * negated forms compare the whole argument, `=value` included.
 */
function resolveLong(arg: string, names: string[], noneg: ReadonlySet<string>): LongMatch {
  const eq = arg.indexOf("=");
  const key = eq < 0 ? arg : arg.slice(0, eq);
  let abbrev: { name: string; unset: boolean } | undefined;
  let ambiguous: { name: string; unset: boolean } | undefined;
  for (const long of names) {
    let name = long;
    let optUnset = false;
    for (;;) {
      if (key === name) return { name: long, unset: optUnset };
      let unset = false;
      if (!name.startsWith(key)) {
        if (noneg.has(long)) break;
        if ("no-".startsWith(arg)) unset = true;
        else if (!arg.startsWith("no-")) {
          // `--renames` for an option named no-renames.
          if (!name.startsWith("no-")) break;
          name = name.slice(3);
          optUnset = true;
          continue;
        } else {
          unset = true;
          if (key.slice(3) === name) return { name: long, unset: !optUnset };
          if (!name.startsWith(arg.slice(3))) break;
        }
      }
      if (abbrev) ambiguous = abbrev;
      abbrev = { name: long, unset: unset !== optUnset };
      break;
    }
  }
  if (ambiguous && abbrev) {
    const show = (m: { name: string; unset: boolean }) => `--${m.unset ? "no-" : ""}${m.name}`;
    return { ambiguous: `error: ambiguous option: ${arg} (could be ${show(ambiguous)} or ${show(abbrev)})` };
  }
  return abbrev;
}

/** The spec entry a git option (negated or not) sets, and whether it sets it to false. */
function bind(spec: Record<string, OptionSpec>, name: string, unset: boolean): { key: string; negated: boolean } | undefined {
  if (!unset) {
    if (spec[name]) return { key: name, negated: false };
    if (name.startsWith("no-") && spec[name.slice(3)]) return { key: name.slice(3), negated: true };
    return undefined;
  }
  if (spec[`no-${name}`]) return { key: `no-${name}`, negated: false };
  if (name.startsWith("no-") && spec[name.slice(3)]) return { key: name.slice(3), negated: false };
  if (spec[name]) return { key: name, negated: true };
  return undefined;
}

/**
 * Parses argv with Git's parse-options rules: clustered short flags, -n5,
 * --name=value, --no-name, unique abbreviations of long options (among git's
 * whole option table for the command), `--`; `-h`/`--help` and errors are
 * OptionErrors worded as git's.
 */
export function parseOptions(argv: string[], spec: Record<string, OptionSpec>, flags: ParseFlags = {}): Parsed {
  const out: Parsed = { opts: {}, multi: {}, args: [], paths: undefined, order: [] };
  const byShort = new Map<string, string>();
  for (const [name, s] of Object.entries(spec)) if (s.short) byShort.set(s.short, name);
  const numberOption = Object.keys(spec).find((n) => spec[n]!.number);
  // Git's option table for the running command: long names are git's (a spec name git does not have is
  // reached by its short letter only). Without one, the spec's names.
  const table = activeCommand === undefined ? undefined : gitOptions(activeCommand);
  const names = (): string[] => table?.long ?? Object.keys(spec).filter((n) => n.length > 1);
  const isGitName = (n: string) => !table || table.longValue.has(n) || (n.startsWith("no-") && table.longValue.has(n.slice(3)));
  let mode: string | undefined;
  /** Git's OPT_CMDMODE check: a second, different mode is an error naming both. */
  const checkMode = (key: string, given: string) => {
    if (!spec[key]!.cmdmode) return;
    if (mode !== undefined && mode !== key) {
      const that = mode.length > 1 ? `--${mode}` : `-${spec[mode]!.short}`;
      throw new OptionError(`error: ${given} is incompatible with ${that}`, 0);
    }
    mode = key;
  };
  const set = (name: string, v: string | boolean) => {
    out.order.push([name, v]);
    out.opts[name] = v;
    if (typeof v === "string") (out.multi[name] ??= []).push(v);
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === "--") {
      out.paths = argv.slice(i + 1);
      break;
    }
    if (a === "--end-of-options") {
      // What follows is arguments, even when it looks like an option; a later `--` still starts the paths.
      const rest = argv.slice(i + 1);
      const dashes = rest.indexOf("--");
      out.args.push(...(dashes < 0 ? rest : rest.slice(0, dashes)));
      if (dashes >= 0) out.paths = rest.slice(dashes + 1);
      break;
    }
    if (a.startsWith("--")) {
      if (a === "--help" || a === "--help-all") throw new OptionError("", 1);
      const body = a.slice(2);
      const eq = body.indexOf("=");
      const typed = eq < 0 ? body : body.slice(0, eq);
      const value = eq < 0 ? undefined : body.slice(eq + 1);
      // The option as git names it in messages, and the spec entry it sets.
      let optName = typed;
      let target: { key: string; negated: boolean } | undefined;
      let m0: { name: string; unset: boolean } | undefined;
      if (spec[typed] && typed.length > 1 && isGitName(typed)) target = { key: typed, negated: false };
      else if (typed.startsWith("no-") && spec[typed.slice(3)] && !spec[typed.slice(3)]!.value && isGitName(typed) && !table?.noneg.has(typed.slice(3))) {
        target = { key: typed.slice(3), negated: true };
      } else {
        const m = resolveLong(body, names(), table?.noneg ?? new Set());
        if (m && "ambiguous" in m) throw new OptionError(m.ambiguous, 1);
        m0 = m;
        target = m && bind(spec, m.name, m.unset);
        if (m) optName = m.unset ? `no-${m.name}` : m.name;
      }
      if (!target) {
        // An option of git's that gokit does not implement still gets git's own error for a value it never takes.
        if (m0 && value !== undefined && (m0.unset || !table?.longValue.get(m0.name))) throw new OptionError(`error: option \`${optName}' takes no value`, 0);
        throw new OptionError(`error: unknown option \`${body}'`, 2);
      }
      const s = spec[target.key]!;
      if (target.negated) {
        if (value !== undefined) throw new OptionError(`error: option \`${optName}' takes no value`, 0);
        out.order.push([target.key, false]);
        if (s.value) {
          out.opts[target.key] = undefined;
          delete out.multi[target.key];
        } else out.opts[target.key] = false;
      } else if (s.value) {
        const v = value ?? (s.lastArgDefault !== undefined && i === argv.length - 1 ? s.lastArgDefault : (s.optional ?? argv[++i]));
        if (v === undefined) throw new OptionError(`error: option \`${optName}' requires a value`, 0);
        set(target.key, v);
      } else {
        // A flag of ours may be git's option with an optional value (--porcelain=v1): the command reads it from argv.
        if (value !== undefined && !table?.longValue.get(optName)) throw new OptionError(`error: option \`${optName}' takes no value`, 0);
        checkMode(target.key, `option \`${optName}'`);
        set(target.key, true);
      }
      continue;
    }
    if (a.startsWith("-") && a.length > 1) {
      for (let k = 1; k < a.length; k++) {
        const c = a[k]!;
        if (numberOption && !byShort.has(c) && c >= "0" && c <= "9") {
          let end = k + 1;
          while (end < a.length && a[end]! >= "0" && a[end]! <= "9") end++;
          set(numberOption, a.slice(k, end));
          k = end - 1;
          continue;
        }
        const name = byShort.get(c);
        if (!name) {
          if (k === 1) checkTypos(a.slice(1), names());
          if (c === "h" && !table?.short.has("h")) throw new OptionError("", 1);
          if (c.charCodeAt(0) > 127) throw new OptionError(`error: unknown non-ascii option in string: \`${k === 1 ? a : "-" + a.slice(k)}'`, 2);
          throw new OptionError(`error: unknown switch \`${c}'`, 2);
        }
        if (spec[name]!.value) {
          const v = k + 1 < a.length ? a.slice(k + 1) : (spec[name]!.optional ?? argv[++i]);
          if (v === undefined) throw new OptionError(`error: switch \`${c}' requires a value`, 0);
          set(name, v);
          break;
        }
        checkMode(name, `switch \`${c}'`);
        set(name, true);
        if (k === 1 && a.length > 2) checkTypos(a.slice(1), names());
      }
      continue;
    }
    if (flags.nodash?.includes(a)) {
      set(a, true);
      continue;
    }
    if (flags.stopAtNonOption) {
      out.args.push(...argv.slice(i));
      break;
    }
    out.args.push(a);
  }
  return out;
}
