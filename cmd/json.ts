/**
 * `gokit json`: parse, validate, format and query JSON with gokit's own
 * parser (src/json). Input is a file, `-` or nothing for stdin, or JSON text
 * given inline when the argument is not an existing file. Parse errors print
 * `Parse error at line L, column C: …` on stderr (plus the offending line and
 * a caret when stderr is a terminal) and exit 1; usage errors exit 2.
 */
import type { ArgsDef } from "citty";
import { statSync } from "node:fs";
import { defineCommand } from "./cli.ts";
import { UsageError, isTTY, print, printErr, stdoutPalette } from "./io.ts";
import type { JsonParseError, JsonValue } from "../src/json/index.ts";

type Lib = typeof import("../src/json/index.ts");

const inputArg = {
  type: "positional",
  required: false,
  valueHint: "INPUT",
  description: "A file, - for stdin, or JSON text (default: stdin); --check accepts several",
} as const;

const rootArgs = {
  input: inputArg,
  tokens: { type: "boolean", description: "Print the lexer's tokens" },
  check: { type: "boolean", description: "Only validate: no output, exit 0 if valid and 1 if not (with several inputs, one line per invalid one)" },
  format: { type: "enum", options: ["pretty", "compact"], valueHint: "pretty|compact", description: "Print the document re-formatted" },
  stream: { type: "boolean", description: "Validate in bounded memory and print statistics (for files larger than memory)" },
} as const satisfies ArgsDef;

const getArgs = {
  pointer: { type: "positional", valueHint: "POINTER", description: 'An RFC 6901 JSON Pointer, e.g. /features/0 ("" is the whole document)' },
  input: { ...inputArg, description: "A file, - for stdin, or JSON text (default: stdin)" },
  format: { type: "enum", options: ["pretty", "compact"], valueHint: "pretty|compact", description: "Layout of the printed value (default pretty)" },
  raw: { type: "boolean", description: "Print a string value without quotes or escapes" },
} as const satisfies ArgsDef;

type Input = { name: string; kind: "stdin" } | { name: string; kind: "file"; path: string } | { name: string; kind: "text"; text: string };

// Inline text is taken as JSON only when it could start a JSON value; "data.json" is a missing file, not bad JSON.
const JSONISH = /^\s*([[{"\-0-9]|(true|false|null)\s*$)/;

function classify(arg: string | undefined): Input {
  if (arg === undefined || arg === "-") return { name: "<stdin>", kind: "stdin" };
  const st = statSync(arg, { throwIfNoEntry: false });
  if (st?.isDirectory()) throw new Error(`read ${arg}: is a directory`);
  if (st) return { name: arg, kind: "file", path: arg };
  if (JSONISH.test(arg)) return { name: "<argument>", kind: "text", text: arg };
  throw new Error(`open ${arg}: no such file or directory`);
}

async function readInput(input: Input): Promise<string | Uint8Array> {
  if (input.kind === "text") return input.text;
  try {
    return input.kind === "stdin" ? await Bun.stdin.bytes() : await Bun.file(input.path).bytes();
  } catch (e) {
    throw new Error(`read ${input.name}: ${(e as Error).message}`);
  }
}

function chunksOf(input: Input): AsyncIterable<Uint8Array | string> {
  if (input.kind === "text") return (async function* () { yield input.text; })();
  return (input.kind === "stdin" ? Bun.stdin : Bun.file(input.path)).stream();
}

/** Prints a parse error the way the issue shows it; the snippet only on a terminal. */
async function reportParseError(e: JsonParseError, name?: string): Promise<void> {
  const text = (await isTTY(2)) ? e.message : e.headline;
  await printErr(name === undefined ? text : `${name}: ${text}`);
  process.exitCode = 1;
}

/** Runs `fn`, turning a JsonParseError into the printed error and exit code 1. */
async function guarded(lib: Lib, fn: () => Promise<void>, name?: string): Promise<void> {
  try {
    await fn();
  } catch (e) {
    if (!(e instanceof lib.JsonParseError)) throw e;
    await reportParseError(e, name);
  }
}

async function parseInput(lib: Lib, input: Input): Promise<JsonValue> {
  return lib.parse(await readInput(input), { bigint: true });
}

function layout(lib: Lib, value: JsonValue, format: string | undefined): string {
  return lib.stringify(value, { indent: format === "compact" ? 0 : 2 });
}

async function showTree(lib: Lib, input: Input): Promise<void> {
  const value = await parseInput(lib, input);
  const p = await stdoutPalette();
  const tree = lib.typedTree(value, { key: p.cyan, type: p.dim });
  await print(`Parsed successfully!\nType: ${lib.typeName(value)}\n${tree}`);
}

async function showTokens(lib: Lib, input: Input): Promise<void> {
  const lines = ["Tokens:"];
  try {
    for (const t of lib.tokens(await readInput(input), { bigint: true })) {
      lines.push(t.type === "EOF" ? "  EOF" : `  ${t.type.padEnd(15)}${t.raw}`);
    }
  } finally {
    if (lines.length > 1) await print(lines.join("\n"));
  }
}

function count(n: number): string {
  return n.toLocaleString("en-US");
}

async function showStats(lib: Lib, input: Input, quiet: boolean): Promise<void> {
  const { visitor, stats } = lib.statsVisitor();
  let bytes = 0;
  const source = chunksOf(input);
  // A progress bar (bytes, rate, ETA) only on a terminal: piped stderr stays clean for scripts.
  const progress =
    !quiet && (await isTTY(2))
      ? (await import("../src/term/progress.ts")).createProgress({
          label: "json",
          stream: process.stderr,
          ...(input.kind === "file" ? { total: statSync(input.path).size } : {}),
        })
      : undefined;
  const counted = (async function* () {
    for await (const chunk of source) {
      const n = typeof chunk === "string" ? Buffer.byteLength(chunk) : chunk.length;
      bytes += n;
      progress?.tick(n);
      yield chunk;
    }
  })();
  const started = performance.now();
  try {
    await lib.parseStream(counted, visitor);
  } finally {
    progress?.done();
  }
  if (quiet) return;
  const seconds = (performance.now() - started) / 1000;
  const rows: [string, string][] = [
    ["Bytes", count(bytes)],
    ["Objects", count(stats.objects)],
    ["Arrays", count(stats.arrays)],
    ["Keys", count(stats.keys)],
    ["Strings", count(stats.strings)],
    ["Numbers", count(stats.numbers)],
    ["Booleans", count(stats.booleans)],
    ["Nulls", count(stats.nulls)],
    ["Max depth", count(stats.maxDepth)],
    ["Longest string", count(stats.longestString)],
    ["Time", `${seconds.toFixed(2)} s (${(bytes / 1e6 / Math.max(seconds, 1e-9)).toFixed(1)} MB/s)`],
  ];
  await print(["Valid JSON (streamed)", ...rows.map(([k, v]) => `  ${(k + ":").padEnd(16)}${v}`)].join("\n"));
}

export default defineCommand({
  meta: {
    name: "json",
    description: "Parse, validate, format and query JSON (default: print a typed tree)",
  },
  args: rootArgs,
  subCommands: {
    get: defineCommand({
      meta: { name: "get", description: "Print the value at a JSON Pointer (RFC 6901)" },
      args: getArgs,
      run: async ({ args }) => {
        if (args._.length > 2) throw new UsageError(`want POINTER [INPUT], got ${args._.length} arguments`);
        const lib = await import("../src/json/index.ts");
        let tokens: string[];
        try {
          tokens = lib.parsePointer(args.pointer ?? "");
        } catch (e) {
          throw new UsageError((e as Error).message.replace(/^json: /, ""));
        }
        const input = classify(args.input);
        await guarded(lib, async () => {
          const doc = await parseInput(lib, input);
          const r = lib.getPointer(doc, lib.formatPointer(tokens));
          if (!r.found) throw new Error(`${args.pointer}: ${r.reason}${r.at ? ` (at ${r.at})` : ""}`);
          await print(args.raw && typeof r.value === "string" ? r.value : layout(lib, r.value, args.format));
        });
      },
    }),
  },
  run: async ({ args }) => {
    const modes = (["tokens", "check", "format", "stream"] as const).filter((m) => args[m] !== undefined && args[m] !== false);
    if (modes.length > 1 && !(modes.length === 2 && args.check && args.stream)) {
      throw new UsageError(`--${modes.join(" and --")} cannot be combined (--check --stream is the one pair allowed)`);
    }
    const names: string[] = args._;
    if (names.length > 1 && !args.check) throw new UsageError(`want one INPUT, got ${names.length} (only --check takes several)`);
    const lib = await import("../src/json/index.ts");
    if (args.check && names.length > 1) {
      for (const name of names) {
        try {
          const input = classify(name);
          await guarded(lib, () => (args.stream ? showStats(lib, input, true) : parseInput(lib, input).then(() => {})), name);
        } catch (e) {
          await printErr(`${name}: ${(e as Error).message}`);
          process.exitCode = 1;
        }
      }
      return;
    }
    const input = classify(names[0]);
    await guarded(lib, async () => {
      if (args.stream) return showStats(lib, input, args.check === true);
      if (args.check) return void (await parseInput(lib, input));
      if (args.tokens) return showTokens(lib, input);
      if (args.format !== undefined) return print(layout(lib, await parseInput(lib, input), args.format));
      return showTree(lib, input);
    });
  },
});
