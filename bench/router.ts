/**
 * Router lookup benchmark on the GitHub API route set (203 routes, every
 * parameter filled with a realistic value), anchored on memoirist (Elysia's
 * router, the fastest of the field), find-my-way (Fastify's) and Hono's
 * RegExpRouter and TrieRouter. Goals: gokit ≥ 1.0× memoirist and ≥ 2×
 * find-my-way in lookups/s, and no allocation for static routes.
 *
 *   bun bench/router.ts [--trials 3] [--seconds 1]
 *
 * Each router runs in a fresh child process (`--child NAME`) so JIT and heap
 * state never leak between them; trials alternate between routers and the
 * median counts. Before timing, every lookup of every router is checked for
 * the right handler and parameters; while timing, every lookup's handler is
 * checked and its first parameter read, each router its own way (gokit's
 * `match.param(name)`, `params[name]` elsewhere, Hono's stash by index).
 * Allocation: bytes retained per lookup when 1M results are all kept alive
 * (`Bun.gc(true)` around), static routes vs parameter routes.
 */
import { readFileSync } from "node:fs";
import { parseArgs } from "node:util";
import FindMyWay from "find-my-way";
import { RegExpRouter } from "hono/router/reg-exp-router";
import { TrieRouter } from "hono/router/trie-router";
import { Memoirist } from "memoirist";
import { Router } from "../src/router/index.ts";
import { renderTable } from "../src/term/table.ts";
import { testdata } from "../test/support/testdata.ts";

const GOALS = { memoirist: 1.0, "find-my-way": 2.0 } as Record<string, number>;
const ROUTERS = ["gokit", "memoirist", "find-my-way", "hono RegExpRouter", "hono TrieRouter"] as const;
type Name = (typeof ROUTERS)[number];

const { values } = parseArgs({
  options: { trials: { type: "string", default: "3" }, seconds: { type: "string", default: "1" }, child: { type: "string" } },
});

interface Spec {
  method: string;
  path: string;
}
interface Case {
  method: string;
  path: string;
  id: number;
  params: Record<string, string>;
}

const SAMPLE: Record<string, string> = {
  owner: "golang", repo: "go", user: "octocat", org: "github", id: "1296269", number: "1347",
  sha: "7638417db6d59f3c431d3e1f261cc637155684cd", client_id: "9f2b1c0e8a7d", access_token: "ghp_16C7e42F292c6912E7710c838347Ae178B4a",
  gist_id: "aa5a315d61ae9438b18d", name: "bug", path: "README.md", ref: "v1.22.0", branch: "main",
  keyword: "router", language: "go", team_id: "2403", email: "octocat@github.com", state: "open", username: "mojombo",
  issue_number: "42", pull_number: "7", comment_id: "936", key_id: "31415",
};

/** The route set and one lookup per route with every parameter filled in. */
function cases(): { specs: Spec[]; cases: Case[] } {
  const specs = JSON.parse(readFileSync(testdata("routes/github.json"), "utf8")) as Spec[];
  const out = specs.map((s, id) => {
    const params: Record<string, string> = {};
    const path = s.path.replace(/:(\w+)/g, (_, name: string) => (params[name] = SAMPLE[name] ?? `${name}-value`));
    return { method: s.method, path, id, params };
  });
  return { specs, cases: out };
}

type Lookup = (method: string, path: string) => { id: number; params: () => Record<string, string> } | null;
/** Looks up `path` and reads parameter `name` ("" for none) the router's own way; returns the route id. */
type Hot = (method: string, path: string, name: string) => number;
/** Every router's raw result is stored here, so no engine can optimise its allocation away. */
let escaped: unknown;

/** Builds one router: a full lookup (for checking) and the hot lookup (handler id only, params built). */
function build(name: Name, specs: Spec[]): { lookup: Lookup; hot: Hot } {
  const handlers = specs.map((_, id) => Object.assign(() => id, { id }));
  switch (name) {
    case "gokit": {
      const r = new Router();
      specs.forEach((s, i) => r.add(s.method, s.path, handlers[i]!));
      return {
        lookup: (m, p) => {
          const f = r.find(m, p);
          return f && { id: (f.handler as unknown as { id: number }).id, params: () => ({ ...f.params }) };
        },
        hot: (m, p, name) => {
          const f = r.find(m, p);
          if (f === null) return -1;
          escaped = name === "" ? f : f.param(name);
          return (f.handler as unknown as { id: number }).id;
        },
      };
    }
    case "memoirist": {
      const r = new Memoirist<{ id: number }>();
      specs.forEach((s, i) => r.add(s.method, s.path, handlers[i]!));
      return {
        lookup: (m, p) => {
          const f = r.find(m, p);
          return f && { id: f.store.id, params: () => ({ ...f.params }) };
        },
        hot: (m, p, name) => {
          const f = r.find(m, p);
          if (f === null) return -1;
          escaped = name === "" ? f : f.params[name];
          return f.store.id;
        },
      };
    }
    case "find-my-way": {
      const r = FindMyWay();
      specs.forEach((s, i) => r.on(s.method as "GET", s.path, handlers[i]! as never));
      return {
        lookup: (m, p) => {
          const f = r.find(m as "GET", p);
          return f && { id: (f.handler as unknown as { id: number }).id, params: () => ({ ...f.params }) as Record<string, string> };
        },
        hot: (m, p, name) => {
          const f = r.find(m as "GET", p);
          if (f === null) return -1;
          escaped = name === "" ? f : f.params[name];
          return (f.handler as unknown as { id: number }).id;
        },
      };
    }
    case "hono RegExpRouter": {
      const r = new RegExpRouter<{ id: number }>();
      specs.forEach((s, i) => r.add(s.method, s.path, handlers[i]!));
      // The params object a handler needs: names from the index map, values from the stash.
      const params = (res: ReturnType<typeof r.match>): Record<string, string> => {
        const [[h], stash] = res as [[{ id: number }, Record<string, number>][], string[]];
        const out: Record<string, string> = {};
        for (const k in h![1]) out[k] = stash[h![1][k]!]!;
        return out;
      };
      return {
        lookup: (m, p) => {
          const res = r.match(m, p);
          const first = res[0][0];
          return first === undefined ? null : { id: first[0].id, params: () => params(res) };
        },
        hot: (m, p, name) => {
          // As Hono's Context does: one value straight from the stash, no object.
          const res = r.match(m, p) as [[{ id: number }, Record<string, number>][], string[]];
          const first = res[0][0];
          if (first === undefined) return -1;
          escaped = name === "" ? res : res[1][first[1][name]!];
          return first[0].id;
        },
      };
    }
    case "hono TrieRouter": {
      const r = new TrieRouter<{ id: number }>();
      specs.forEach((s, i) => r.add(s.method, s.path, handlers[i]!));
      return {
        lookup: (m, p) => {
          const first = r.match(m, p)[0][0] as [{ id: number }, Record<string, string>] | undefined;
          return first === undefined ? null : { id: first[0].id, params: () => ({ ...first[1] }) };
        },
        hot: (m, p, name) => {
          const res = r.match(m, p);
          const first = res[0][0] as [{ id: number }, Record<string, string>] | undefined;
          if (first === undefined) return -1;
          escaped = name === "" ? res : first[1][name];
          return first[0].id;
        },
      };
    }
  }
}

function check(name: Name, lookup: Lookup, all: Case[]): void {
  for (const c of all) {
    const f = lookup(c.method, c.path);
    if (f === null) throw new Error(`${name}: ${c.method} ${c.path}: not found`);
    const want = JSON.stringify(Object.entries(c.params).sort());
    const got = JSON.stringify(Object.entries(f.params()).sort());
    if (f.id !== c.id || got !== want) throw new Error(`${name}: ${c.method} ${c.path}: got route ${f.id} ${got}, want ${c.id} ${want}`);
  }
}

/** The name of a lookup's first parameter, "" for a static route. */
function firstName(c: Case): string {
  return Object.keys(c.params)[0] ?? "";
}

/** Lookups per second over `all`, timed for about `seconds` after a warm-up. */
function measure(hot: Hot, all: Case[], seconds: number): number {
  const methods = all.map((c) => c.method);
  const paths = all.map((c) => c.path);
  const ids = all.map((c) => c.id);
  const names = all.map(firstName);
  const n = all.length;
  const pass = (): void => {
    for (let i = 0; i < n; i++) if (hot(methods[i]!, paths[i]!, names[i]!) !== ids[i]) throw new Error(`wrong route for ${paths[i]}`);
  };
  for (let w = 0; w < 2000; w++) pass();
  let rounds = 0;
  const start = Bun.nanoseconds();
  const budget = seconds * 1e9;
  let elapsed = 0;
  while (elapsed < budget) {
    for (let k = 0; k < 100; k++) pass();
    rounds += 100;
    elapsed = Bun.nanoseconds() - start;
  }
  return (rounds * n) / (elapsed / 1e9);
}

/**
 * Bytes retained per lookup when 1M results (the objects each router hands
 * back) are all kept alive: zero when every lookup returns a preallocated
 * object, the result's size when each lookup allocates one.
 */
function allocation(hot: Hot, subset: Case[]): number {
  const N = 1_000_000;
  const n = subset.length;
  const kept: unknown[] = new Array(N).fill(null);
  for (let i = 0; i < 100_000; i++) hot(subset[i % n]!.method, subset[i % n]!.path, "");
  Bun.gc(true);
  const before = process.memoryUsage().heapUsed;
  for (let i = 0; i < N; i++) {
    hot(subset[i % n]!.method, subset[i % n]!.path, "");
    kept[i] = escaped;
  }
  Bun.gc(true);
  const grown = process.memoryUsage().heapUsed - before;
  if (kept.length !== N) throw new Error("unreachable");
  return Math.max(0, grown) / N;
}

function child(name: Name, seconds: number): void {
  const { specs, cases: all } = cases();
  const { lookup, hot } = build(name, specs);
  check(name, lookup, all);
  const statics = all.filter((c) => Object.keys(c.params).length === 0);
  const dynamic = all.filter((c) => Object.keys(c.params).length > 0);
  const result = {
    all: measure(hot, all, seconds),
    statics: measure(hot, statics, seconds / 2),
    dynamic: measure(hot, dynamic, seconds / 2),
    allocStatic: allocation(hot, statics),
    allocDynamic: allocation(hot, dynamic),
    routes: all.length,
    staticRoutes: statics.length,
  };
  console.log(JSON.stringify(result));
}

type Result = { all: number; statics: number; dynamic: number; allocStatic: number; allocDynamic: number; routes: number; staticRoutes: number };

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

async function main(): Promise<void> {
  const trials = Number(values.trials);
  const runs = new Map<Name, Result[]>(ROUTERS.map((r) => [r, []]));
  for (let t = 0; t < trials; t++) {
    for (const name of ROUTERS) {
      const p = Bun.spawnSync([process.execPath, import.meta.path, "--child", name, "--seconds", values.seconds!], { stderr: "inherit" });
      if (p.exitCode !== 0) throw new Error(`bench: ${name} child exited ${p.exitCode}`);
      runs.get(name)!.push(JSON.parse(p.stdout.toString()) as Result);
    }
  }
  const pick = (name: Name, k: keyof Result) => median(runs.get(name)!.map((r) => r[k]));
  const ours = { all: pick("gokit", "all"), statics: pick("gokit", "statics"), dynamic: pick("gokit", "dynamic") };
  const first = runs.get("gokit")![0]!;
  const m = (x: number) => (x / 1e6).toFixed(2);
  const rows = ROUTERS.map((name) => {
    const all = pick(name, "all");
    const ratio = ours.all / all;
    const goal = GOALS[name];
    return [
      name,
      m(all),
      m(pick(name, "statics")),
      m(pick(name, "dynamic")),
      name === "gokit" ? "—" : `${ratio.toFixed(2)}×${goal === undefined ? "" : ratio >= goal ? ` (goal ≥ ${goal}×: met)` : ` (goal ≥ ${goal}×: MISSED)`}`,
      pick(name, "allocStatic").toFixed(1),
      pick(name, "allocDynamic").toFixed(1),
    ];
  });
  console.log(`GitHub API: ${first.routes} routes (${first.staticRoutes} static), one lookup per route, params filled; median of ${trials} trials`);
  console.log(
    renderTable(
      [
        { header: "Router" },
        { header: "M lookups/s", align: "right" },
        { header: "static", align: "right" },
        { header: "params", align: "right" },
        { header: "gokit ÷ it", align: "right" },
        { header: "heap B/lookup static", align: "right" },
        { header: "params", align: "right" },
      ],
      rows,
    ),
  );
}

if (values.child !== undefined) child(values.child as Name, Number(values.seconds));
else await main();
