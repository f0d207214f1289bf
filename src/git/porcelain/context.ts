/**
 * What every porcelain command gets: the process's directory and environment,
 * the repository (opened on first use), and buffered stdout/stderr text that
 * cmd/git.ts prints once.
 */
import { GitError } from "../errors.ts";
import { openRepository, type Repository } from "../repo.ts";

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
  ) {}

  /** The repository containing cwd; Git's fatal error when there is none. */
  get repo(): Repository {
    if (!this.r) {
      this.r = openRepository({ cwd: this.cwd, env: this.env });
      this.r.configOverrides = this.configOverrides;
    }
    return this.r;
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

/** One option of a command: a short letter, whether it takes a value. */
export interface OptionSpec {
  short?: string;
  value?: boolean;
}

/** Parsed options: named values, positional arguments, and whether `--` was given (args after it in `paths`). */
export interface Parsed {
  opts: Record<string, string | boolean | undefined>;
  /** Every value of a repeated value option. */
  multi: Record<string, string[]>;
  args: string[];
  paths: string[] | undefined;
}

/** Git's usage error (exit 129). */
export function usage(msg: string): GitError {
  return new GitError(msg, 129);
}

/** Parses argv with Git's parse-options rules: clustered short flags, -n5, --name=value, --no-name, `--`. */
export function parseOptions(argv: string[], spec: Record<string, OptionSpec>): Parsed {
  const out: Parsed = { opts: {}, multi: {}, args: [], paths: undefined };
  const byShort = new Map<string, string>();
  for (const [name, s] of Object.entries(spec)) if (s.short) byShort.set(s.short, name);
  const set = (name: string, v: string | boolean) => {
    out.opts[name] = v;
    if (typeof v === "string") (out.multi[name] ??= []).push(v);
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === "--") {
      out.paths = argv.slice(i + 1);
      break;
    }
    if (a.startsWith("--")) {
      const eq = a.indexOf("=");
      let name = a.slice(2, eq < 0 ? undefined : eq);
      let s = spec[name];
      if (!s && name.startsWith("no-") && spec[name.slice(3)] && !spec[name.slice(3)]!.value) {
        out.opts[name.slice(3)] = false;
        continue;
      }
      if (!s) {
        // Unique prefixes of long options are accepted, as in Git.
        const matches = Object.keys(spec).filter((n) => n.length > 1 && n.startsWith(name));
        if (matches.length === 1) {
          name = matches[0]!;
          s = spec[name];
        }
      }
      if (!s) throw usage(`error: unknown option \`${a.slice(2, eq < 0 ? undefined : eq)}'`);
      if (s.value) {
        const v = eq >= 0 ? a.slice(eq + 1) : argv[++i];
        if (v === undefined) throw usage(`error: option \`${name}' requires a value`);
        set(name, v);
      } else set(name, true);
      continue;
    }
    if (a.startsWith("-") && a.length > 1) {
      for (let k = 1; k < a.length; k++) {
        const name = byShort.get(a[k]!);
        if (!name) throw usage(`error: unknown switch \`${a[k]}'`);
        if (spec[name]!.value) {
          const v = k + 1 < a.length ? a.slice(k + 1) : argv[++i];
          if (v === undefined) throw usage(`error: switch \`${a[k]}' requires a value`);
          set(name, v);
          break;
        }
        set(name, true);
      }
      continue;
    }
    out.args.push(a);
  }
  return out;
}
