import { describe, expect, test } from "bun:test";
import pkg from "../../package.json" with { type: "json" };
import { commands } from "../../cmd/commands.ts";
import { writeFileSync } from "node:fs";
import { runGokit, tempDir } from "../support/cli.ts";

describe("gokit root command", () => {
  test("--help lists every implemented subcommand and exits 0", async () => {
    const r = await runGokit(["--help"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("Usage: gokit <command> [flags]");
    for (const name of Object.keys(commands)) expect(r.stdout).toMatch(new RegExp(`^  ${name} +\\S`, "m"));
  });

  test("--help does not list subcommands that are not implemented", async () => {
    const r = await runGokit(["--help"]);
    const listed = [...r.stdout.matchAll(/^  ([a-z]+) {2,}/gm)].map((m) => m[1]);
    expect(listed.sort()).toEqual(Object.keys(commands).sort());
  });

  test("help output has no ANSI colour off a TTY", async () => {
    const r = await runGokit(["--help"], { env: { NO_COLOR: undefined } });
    expect(r.stdout).not.toContain("\x1b[");
  });

  test("--version prints the package version", async () => {
    const r = await runGokit(["--version"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toStartWith(`gokit ${pkg.version}`);
    expect(r.stdout).toContain(`${process.platform}/${process.arch}`);
  });

  test("an unknown subcommand suggests the closest one and exits 2", async () => {
    const r = await runGokit(["tsak", "list"]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe("");
    expect(r.stderr).toContain(`gokit: unknown command "tsak" for "gokit"`);
    expect(r.stderr).toContain("Did you mean this?\n\tgokit task");
  });

  test("an unknown subcommand with nothing close gives no suggestion", async () => {
    const r = await runGokit(["zzzzzzzz"]);
    expect(r.code).toBe(2);
    expect(r.stderr).not.toContain("Did you mean");
  });

  test("an unknown flag is a usage error naming the flag", async () => {
    const r = await runGokit(["task", "list", "--colour"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("unknown flag --colour");
  });

  test("an invalid --log-format is a usage error naming the value", async () => {
    const r = await runGokit(["--log-format", "xml", "task", "list"]);
    expect(r.code).toBe(2);
    expect(r.stderr.trim()).toBe(`gokit: invalid --log-format "xml": want json or pretty`);
  });

  test("help SUBCOMMAND prints that subcommand's usage", async () => {
    const r = await runGokit(["help", "task"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("gokit task");
  });

  test("a subcommand's --help lists its commands and flags", async () => {
    const r = await runGokit(["task", "--help"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("Usage:\n  gokit task [command] [flags]");
    expect(r.stdout).toMatch(/^  add +Add a task$/m);
    expect(r.stdout).toMatch(/^ +--file PATH +Tasks file/m);
  });

  test("a leaf command's --help shows its arguments", async () => {
    const r = await runGokit(["task", "add", "--help"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("Usage:\n  gokit task add [TITLE] [flags]");
    expect(r.stdout).toContain("Arguments:");
  });

  test("a mistyped nested command suggests the right one and exits 2", async () => {
    const r = await runGokit(["task", "lsit"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("Did you mean this?\n\tgokit task list");
  });
});

// Bun's standalone executables read bunfig.toml (whose `preload` runs code) and .env from the working
// directory unless built not to; gokit runs in untrusted directories (a cloned repository), so its binary must not.
describe.if(process.env.GOKIT_BIN !== undefined)("the gokit binary in an untrusted directory", () => {
  test("runs no bunfig.toml preload and loads no .env from the directory it runs in", async () => {
    using dir = tempDir();
    writeFileSync(`${dir.path}/bunfig.toml`, 'preload = ["./evil.ts"]\n');
    writeFileSync(`${dir.path}/evil.ts`, 'console.log("PRELOADED");\n');
    // A .env setting the task clock to garbage would make `task list` fail.
    writeFileSync(`${dir.path}/.env`, "GOKIT_NOW=garbage-from-dotenv\n");
    const r = await runGokit(["task", "list", "--json"], { cwd: dir.path, env: { GOKIT_TASKS_FILE: `${dir.path}/tasks.json`, GOKIT_NOW: undefined } });
    expect(r.stdout).not.toContain("PRELOADED");
    expect(r.stderr).not.toContain("from-dotenv");
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual([]);
  });
});
