import { expect, test } from "bun:test";
import { readFileSync } from "node:fs";
import { Router, type Handler } from "../../src/router/index.ts";
import { testdata } from "../support/testdata.ts";

interface Spec {
  method: string;
  path: string;
}

const tables = ["github", "gplus", "parse", "static"] as const;

test.each(tables)("every route of the %s API table is registered and found with its parameters", (name) => {
  const specs = JSON.parse(readFileSync(testdata(`routes/${name}.json`), "utf8")) as Spec[];
  const r = new Router();
  const handlers: Handler[] = specs.map(() => () => {});
  specs.forEach((s, i) => r.add(s.method, s.path, handlers[i]!));
  let checked = 0;
  specs.forEach((s, i) => {
    const want: Record<string, string> = {};
    let n = 0;
    const path = s.path.replace(/:(\w+)/g, (_, p: string) => (want[p] = `v${n++}-${p}`));
    const m = r.find(s.method, path);
    expect(m, `${s.method} ${path}`).not.toBeNull();
    expect(m!.handler, `${s.method} ${path}`).toBe(handlers[i]!);
    expect({ ...m!.params }).toEqual(want);
    checked++;
  });
  expect(checked).toBe(specs.length);
  expect([...r.routes()].length).toBe(specs.length);
});

test("GitHub routes with a parameter where another route has static text still reach the parameter route", () => {
  const specs = JSON.parse(readFileSync(testdata("routes/github.json"), "utf8")) as Spec[];
  const r = new Router();
  for (const s of specs) r.add(s.method, s.path, Object.assign(() => {}, { pattern: s.path }));
  // "user" is a static segment (/user/keys) and a value for :user (/users/:user); "events" likewise.
  const m = r.find("GET", "/repos/events/events/events");
  expect((m!.handler as unknown as { pattern: string }).pattern).toBe("/repos/:owner/:repo/events");
  expect({ ...m!.params }).toEqual({ owner: "events", repo: "events" });
});
