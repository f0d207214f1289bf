/** `git config`: get, set, unset and list values in the repository's or the global file. */
import { existsSync, readFileSync } from "node:fs";
import { Config, configFiles, normalizeKey, parseConfig, setConfigValue } from "../config.ts";
import { GitError } from "../errors.ts";
import { OptionError, parseOptions, type Context } from "./context.ts";

function globalFile(env: Record<string, string | undefined>): string {
  if (env.GIT_CONFIG_GLOBAL) return env.GIT_CONFIG_GLOBAL;
  if (!env.HOME) throw new GitError("fatal: $HOME not set", 128);
  return `${env.HOME}/.gitconfig`;
}

function validKey(key: string): boolean {
  return /^[A-Za-z][A-Za-z0-9-]*\..+$/.test(key) && /\.[A-Za-z][A-Za-z0-9-]*$/.test(key);
}

/** Git's checks of the action and the argument count, each failure followed by the usage (exit 129). */
function checkArguments(opts: Record<string, unknown>, count: number): void {
  if (opts.global && opts.local) throw new OptionError("error: only one config file at a time", 2);
  const actions = ["get", "get-all", "unset", "list"].filter((a) => opts[a]);
  if (actions.length > 1) throw new OptionError("error: only one action at a time", 2);
  if (actions[0] === "list") {
    if (count !== 0) throw new OptionError("error: wrong number of arguments, should be 0", 2);
  } else if (actions.length === 1) {
    if (count < 1 || count > 2) throw new OptionError("error: wrong number of arguments, should be from 1 to 2", 2);
  } else if (count === 0) throw new OptionError("", 2);
}

/** git config [--global | --local] [--get | --get-all | --unset | --list] <key> [<value>] */
export function config(ctx: Context, argv: string[]): number {
  const p = parseOptions(argv, { global: {}, local: {}, get: {}, "get-all": {}, unset: {}, list: { short: "l" }, bool: {} });
  checkArguments(p.opts, p.args.length);
  const file = p.opts.global ? globalFile(ctx.env) : `${ctx.repo.gitDir}/config`;
  if (p.opts.list) {
    const files = p.opts.global ? [file] : p.opts.local ? [file] : configFiles(ctx.env, ctx.repo.gitDir);
    for (const f of files) {
      if (!f || !existsSync(f)) continue;
      for (const [k, v] of parseConfig(readFileSync(f, "utf8"))) ctx.print(v === "\0" ? k : `${k}=${v}`);
    }
    return 0;
  }
  const key = p.args[0]!;
  const value = p.args[1];
  if (!validKey(key)) throw new GitError(key.includes(".") ? `error: invalid key: ${key}` : `error: key does not contain a section: ${key}`, 1);
  if (p.opts.unset) {
    const c = new Config();
    if (existsSync(file)) c.addText(readFileSync(file, "utf8"));
    if (c.get(key) === undefined) return 5;
    setConfigValue(file, key, undefined);
    return 0;
  }
  if (value !== undefined && !p.opts.get && !p.opts["get-all"]) {
    setConfigValue(file, key, value);
    return 0;
  }
  const c = new Config();
  const files = p.opts.global || p.opts.local ? [file] : configFiles(ctx.env, ctx.repo.gitDir);
  for (const f of files) if (f && existsSync(f)) c.addText(readFileSync(f, "utf8"));
  const values = p.opts["get-all"] ? c.getAll(key) : [c.get(key)].filter((v): v is string => v !== undefined);
  if (values.length === 0) return 1;
  for (const v of values) {
    const shown = v === "\0" ? "true" : v;
    ctx.print(p.opts.bool ? (c.getBool(normalizeKey(key), false) ? "true" : "false") : shown);
  }
  return 0;
}
