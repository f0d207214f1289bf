import { describe, expect, test } from "bun:test";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { runGokit, tempDir } from "../support/cli.ts";

const example = '{"name": "Go", "year": 2009, "features": ["fast", "simple"]}\n';

describe("gokit json", () => {
  test("prints the issue's typed tree for stdin", async () => {
    const r = await runGokit(["json"], { stdin: example });
    expect(r).toEqual({
      code: 0,
      stderr: "",
      stdout: [
        "Parsed successfully!",
        "Type: Object",
        "{",
        '  "name" (String): "Go"',
        '  "year" (Number): 2009',
        '  "features" (Array): [',
        '    (String): "fast"',
        '    (String): "simple"',
        "  ]",
        "}",
        "",
      ].join("\n"),
    });
  });

  test("prints the issue's parse error on stderr and exits 1", async () => {
    const r = await runGokit(["json"], { stdin: '{"broken": }\n' });
    expect(r).toEqual({ code: 1, stdout: "", stderr: "Parse error at line 1, column 12: unexpected token '}', expected value\n" });
  });

  test("prints the issue's tokens for inline JSON", async () => {
    const r = await runGokit(["json", "--tokens", '{"x": 1}']);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(["Tokens:", "  LEFT_BRACE     {", '  STRING         "x"', "  COLON          :", "  NUMBER         1", "  RIGHT_BRACE    }", "  EOF", ""].join("\n"));
  });

  test("reads a file, - for stdin, or inline text", async () => {
    using dir = tempDir();
    const file = join(dir.path, "doc.json");
    writeFileSync(file, "[1, 2]");
    expect((await runGokit(["json", "--format", "compact", file])).stdout).toBe("[1,2]\n");
    expect((await runGokit(["json", "--format", "compact", "-"], { stdin: "[3]" })).stdout).toBe("[3]\n");
    expect((await runGokit(["json", "--format", "compact", "[4]"])).stdout).toBe("[4]\n");
    expect((await runGokit(["json", "--format", "compact", "-5"])).stdout).toBe("-5\n");
  });

  test("reports a missing file that does not look like JSON as a missing file", async () => {
    expect(await runGokit(["json", "missing.json"])).toEqual({ code: 1, stdout: "", stderr: "gokit json: open missing.json: no such file or directory\n" });
  });

  test("--check prints nothing and exits 0 for valid input, 1 with the error for invalid input", async () => {
    expect(await runGokit(["json", "--check", '{"a": [1]}'])).toEqual({ code: 0, stdout: "", stderr: "" });
    expect(await runGokit(["json", "--check", "[1,]"])).toEqual({ code: 1, stdout: "", stderr: "Parse error at line 1, column 4: unexpected token ']', expected value\n" });
  });

  test("--check with several files names each invalid one", async () => {
    using dir = tempDir();
    const good = join(dir.path, "good.json");
    const bad = join(dir.path, "bad.json");
    writeFileSync(good, "{}");
    writeFileSync(bad, "{\n  'a': 1\n}");
    const r = await runGokit(["json", "--check", good, bad, join(dir.path, "none.json")]);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe("");
    expect(r.stderr).toBe(
      `${bad}: Parse error at line 2, column 3: unexpected character ''', expected string or '}'\n` +
        `${join(dir.path, "none.json")}: open ${join(dir.path, "none.json")}: no such file or directory\n`,
    );
  });

  test("--format keeps big integers exact", async () => {
    const r = await runGokit(["json", "--format", "pretty", '{"id": 12345678901234567890123, "x": [-0, 1.5e300]}']);
    expect(r.stdout).toBe('{\n  "id": 12345678901234567890123,\n  "x": [\n    -0,\n    1.5e+300\n  ]\n}\n');
  });

  test("--stream validates in bounded memory and prints statistics", async () => {
    const r = await runGokit(["json", "--stream", "-"], { stdin: example });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("Valid JSON (streamed)\n  Bytes:          61\n  Objects:        1\n  Arrays:         1\n  Keys:           3\n");
    const bad = await runGokit(["json", "--stream", "--check", "-"], { stdin: "[1, 2" });
    expect(bad).toEqual({ code: 1, stdout: "", stderr: "Parse error at line 1, column 6: unexpected end of input, expected ',' or ']'\n" });
  });

  test("rejects 100,000 levels of nesting cleanly with exit 1", async () => {
    const r = await runGokit(["json", "--check", "-"], { stdin: "[".repeat(100_000) + "]".repeat(100_000) });
    expect(r).toEqual({ code: 1, stdout: "", stderr: "Parse error at line 1, column 10001: maximum nesting depth 10000 exceeded\n" });
  });

  test.each([
    [["--tokens", "--format", "pretty", "[]"], "gokit json: --tokens and --format cannot be combined (--check --stream is the one pair allowed)"],
    [["--format", "yaml", "[]"], 'gokit json: invalid value "yaml" for --format: want pretty, compact'],
    [["[1]", "[2]"], "gokit json: want one INPUT, got 2 (only --check takes several)"],
    [["--bogus"], 'gokit json: unknown flag --bogus for "gokit json"'],
  ])("exits 2 on the usage error %p", async (args, stderr) => {
    expect(await runGokit(["json", ...args])).toEqual({ code: 2, stdout: "", stderr: stderr + "\n" });
  });
});

describe("gokit json get", () => {
  const doc = '{"features": ["fast", "simple"], "a/b": {"~": 1}}';

  test.each([
    ["/features/1", '"simple"\n'],
    ["/features", '[\n  "fast",\n  "simple"\n]\n'],
    ["/a~1b/~0", "1\n"],
    ["", '{\n  "features": [\n    "fast",\n    "simple"\n  ],\n  "a/b": {\n    "~": 1\n  }\n}\n'],
  ])("prints the value at %p", async (pointer, stdout) => {
    expect(await runGokit(["json", "get", pointer, doc])).toEqual({ code: 0, stdout, stderr: "" });
  });

  test("prints a string raw with --raw and compact with --format compact", async () => {
    expect((await runGokit(["json", "get", "--raw", "/features/0", doc])).stdout).toBe("fast\n");
    expect((await runGokit(["json", "get", "--format", "compact", "/features"], { stdin: doc })).stdout).toBe('["fast","simple"]\n');
  });

  test("exits 1 when the pointer resolves to nothing", async () => {
    expect(await runGokit(["json", "get", "/features/5", doc])).toEqual({
      code: 1,
      stdout: "",
      stderr: "gokit json: /features/5: index 5 is out of range (length 2) (at /features)\n",
    });
  });

  test("exits 2 for a malformed pointer and 1 for invalid JSON", async () => {
    expect(await runGokit(["json", "get", "features", doc])).toEqual({ code: 2, stdout: "", stderr: 'gokit json: invalid pointer "features": must be empty or start with "/"\n' });
    expect((await runGokit(["json", "get", "/a", "[1,]"])).code).toBe(1);
  });
});
