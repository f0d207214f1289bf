/**
 * What the binary loads before it can answer: node:fs, node:path and bun:ffi
 * each cost Bun a share of a millisecond or more at start (src/git/fs.ts), so
 * the modules `gokit --version`, `gokit git log` and `gokit git status` load
 * statically must not import them; they load them on first use instead.
 */
import { describe, expect, test } from "bun:test";
import { readFileSync } from "node:fs";
import { dirname, resolve } from "node:path";

const root = resolve(import.meta.dir, "../..");
const transpiler = new Bun.Transpiler({ loader: "ts" });

/** Every module reachable from `entries` through static imports, with the builtins each imports. */
function staticGraph(entries: string[]): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  const visit = (file: string) => {
    if (graph.has(file)) return;
    const builtins: string[] = [];
    graph.set(file, builtins);
    for (const imp of transpiler.scanImports(readFileSync(file, "utf8").replace(/^#!.*/, ""))) {
      if (imp.kind !== "import-statement" || imp.path.endsWith(".json")) continue;
      if (imp.path.startsWith(".")) visit(resolve(dirname(file), imp.path));
      else builtins.push(imp.path);
    }
  };
  for (const e of entries) visit(resolve(root, e));
  return graph;
}

describe("start-up imports", () => {
  const costly = ["node:fs", "node:path", "bun:ffi"];
  for (const [what, entries, allowed] of [
    ["gokit itself", ["cmd/gokit.ts"], []],
    ["git log", ["cmd/gokit.ts", "cmd/git.ts", "src/git/index.ts", "src/git/porcelain/log.ts"], []],
    // status stats every file through statx, which is bun:ffi.
    ["git status", ["cmd/gokit.ts", "cmd/git.ts", "src/git/index.ts", "src/git/porcelain/status-cmd.ts"], ["bun:ffi"]],
  ] as const) {
    test(`${what} loads no ${costly.filter((c) => !(allowed as readonly string[]).includes(c)).join(", ")} statically`, () => {
      const graph = staticGraph([...entries]);
      expect(graph.size).toBeGreaterThan(entries.length);
      const found = [...graph].flatMap(([file, builtins]) => builtins.filter((b) => costly.includes(b) && !(allowed as readonly string[]).includes(b)).map((b) => `${file.slice(root.length + 1)}: ${b}`));
      expect(found).toEqual([]);
    });
  }
});
