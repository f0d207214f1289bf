import { describe, expect, test } from "bun:test";
import type { ArgsDef } from "citty";
import { flagGiven, flagValues, parseArgs } from "../../cmd/args.ts";
import { UsageError } from "../../cmd/io.ts";
import { editDistance, suggest } from "../../cmd/suggest.ts";

const defs = {
  name: { type: "positional", required: false },
  file: { type: "string", alias: "f" },
  json: { type: "boolean" },
  "due-before": { type: "string" },
  level: { type: "enum", options: ["low", "high"] },
  count: { type: "string", default: "3" },
} as const satisfies ArgsDef;

describe("parseArgs", () => {
  const cases: [string, string[], Record<string, unknown>][] = [
    ["takes a value after the flag", ["--file", "a.json"], { file: "a.json" }],
    ["takes a value after =", ["--file=a=b.json"], { file: "a=b.json" }],
    ["resolves a short alias", ["-f", "x"], { file: "x" }],
    ["sets a boolean", ["--json"], { json: true }],
    ["negates a boolean with --no-", ["--json", "--no-json"], { json: false }],
    ["reads --flag=false", ["--json=false"], { json: false }],
    ["keeps the last of a repeated value flag", ["--file", "a", "--file", "b"], { file: "b" }],
    ["exposes kebab flags under their camelCase name too", ["--due-before", "today"], { "due-before": "today", dueBefore: "today" }],
    ["applies defaults", [], { count: "3" }],
    ["assigns positionals in order and keeps them all in _", ["one", "two"], { name: "one", _: ["one", "two"] }],
    ["treats everything after -- as positional", ["--", "--json", "-f"], { _: ["--json", "-f"], json: undefined }],
    ["treats - and negative numbers as positionals", ["-", "-3"], { _: ["-", "-3"] }],
  ];
  for (const [name, argv, want] of cases) {
    test(name, () => {
      const got = parseArgs(argv, defs, "gokit t");
      for (const [k, v] of Object.entries(want)) expect(got[k]).toEqual(v);
    });
  }

  const errors: [string, string[], string][] = [
    ["refuses an unknown flag with a suggestion", ["--jsn"], `unknown flag --jsn for "gokit t" (did you mean --json?)`],
    ["refuses a value flag without its value", ["--file"], `flag --file needs a value (see 'gokit t --help')`],
    ["refuses a value outside an enum", ["--level", "mid"], `invalid value "mid" for --level: want low, high`],
    ["refuses a value on a boolean", ["--json=yes"], `flag --json takes no value, got "yes"`],
  ];
  for (const [name, argv, message] of errors) {
    test(name, () => {
      let caught: unknown;
      try {
        parseArgs(argv, defs, "gokit t");
      } catch (e) {
        caught = e;
      }
      expect(caught).toBeInstanceOf(UsageError);
      expect((caught as Error).message).toBe(message);
    });
  }

  test("reports a missing required positional by name", () => {
    expect(() => parseArgs([], { id: { type: "positional" } }, "gokit t")).toThrow("missing argument ID");
  });
});

describe("flagValues and flagGiven", () => {
  test("flagValues returns every value of a repeated flag in order, before --", () => {
    expect(flagValues(["--file", "a", "x", "--file=b", "--", "--file", "c"], "file", defs)).toEqual(["a", "b"]);
  });
  test("flagGiven sees a boolean flag but not its negation", () => {
    expect(flagGiven(["--json"], "json")).toBe(true);
    expect(flagGiven(["--no-json"], "json")).toBe(false);
    expect(flagGiven(["--", "--json"], "json")).toBe(false);
  });
});

describe("suggest", () => {
  test("edit distance counts insertions, deletions and substitutions", () => {
    expect(editDistance("task", "tsak")).toBe(2);
    expect(editDistance("", "abc")).toBe(3);
    expect(editDistance("list", "list")).toBe(0);
  });
  test("suggests a unique prefix or a near miss, and nothing for a far word", () => {
    expect(suggest("comp", ["complete", "reopen"])).toBe("complete");
    expect(suggest("lsit", ["list", "add"])).toBe("list");
    expect(suggest("groceries", ["list", "add"])).toBeUndefined();
  });
});
