/**
 * The differential harness for gokit git: the same commands run by real git
 * (the oracle) and by our library in twin temporary repositories with fixed
 * identities and dates, isolated from the user's config.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { resolve } from "node:path";
import { runGit } from "../../src/git/index.ts";

/** Environment for both sides: fixed identity and dates, no system or user config. */
export function gitEnv(home: string): Record<string, string> {
  return {
    PATH: process.env.PATH ?? "/usr/bin:/bin",
    HOME: home,
    XDG_CONFIG_HOME: `${home}/.config`,
    GIT_CONFIG_NOSYSTEM: "1",
    GIT_AUTHOR_NAME: "A U Thor",
    GIT_AUTHOR_EMAIL: "author@example.com",
    GIT_AUTHOR_DATE: "@1700000000 +0100",
    GIT_COMMITTER_NAME: "C O Mitter",
    GIT_COMMITTER_EMAIL: "committer@example.com",
    GIT_COMMITTER_DATE: "@1700000000 +0100",
    LANG: "C",
    LC_ALL: "C",
    TZ: "UTC",
  };
}

/** What one invocation printed. */
export interface Out {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs real git. */
export function realGit(cwd: string, env: Record<string, string>, args: string[]): Out {
  const r = Bun.spawnSync(["git", ...args], { cwd, env, stdout: "pipe", stderr: "pipe" });
  return { code: r.exitCode ?? -1, stdout: r.stdout.toString(), stderr: r.stderr.toString() };
}

/** Runs our git in-process. */
export async function ourGit(cwd: string, env: Record<string, string>, args: string[]): Promise<Out> {
  const r = await runGit(args, { cwd, env });
  const stdout = Buffer.concat(r.stdout.map((p) => (typeof p === "string" ? Buffer.from(p) : p))).toString();
  return { code: r.code, stdout, stderr: r.stderr.join("") };
}

/** A temporary directory tree: `home`, and `real` and `ours` work trees. */
export class Twin implements Disposable {
  readonly root: string;
  readonly home: string;
  readonly real: string;
  readonly ours: string;
  readonly env: Record<string, string>;
  constructor() {
    this.root = mkdtempSync(resolve(tmpdir(), "gokit-git-"));
    this.home = `${this.root}/home`;
    this.real = `${this.root}/real`;
    this.ours = `${this.root}/ours`;
    for (const d of [this.home, this.real, this.ours]) Bun.spawnSync(["mkdir", "-p", d]);
    this.env = gitEnv(this.home);
  }
  /** Runs a shell snippet in both work trees (to edit files the same way); what it prints must be the same in both. */
  sh(script: string): void {
    const outputs = [this.real, this.ours].map((cwd) => {
      const r = Bun.spawnSync(["sh", "-c", script], { cwd, env: this.env, stdout: "pipe", stderr: "pipe" });
      if (r.exitCode !== 0) throw new Error(`sh ${script}: ${r.stderr.toString()}`);
      return r.stdout.toString() + r.stderr.toString();
    });
    if (outputs[0] !== outputs[1]) throw new Error(`sh ${script}: the work trees differ\n--- real git\n${outputs[0]}\n--- gokit\n${outputs[1]}`);
  }
  /** Runs `git args` on both sides and returns both results. */
  async both(args: string[], sub = ""): Promise<{ real: Out; ours: Out }> {
    const real = realGit(sub ? `${this.real}/${sub}` : this.real, this.env, args);
    const ours = await ourGit(sub ? `${this.ours}/${sub}` : this.ours, this.env, args);
    return { real, ours };
  }
  /** Real git on its own repository. */
  realGit(args: string[]): Out {
    return realGit(this.real, this.env, args);
  }
  /** Real git on our repository (reading what we wrote). */
  gitOnOurs(args: string[]): Out {
    return realGit(this.ours, this.env, args);
  }
  [Symbol.dispose](): void {
    rmSync(this.root, { recursive: true, force: true });
  }
}
