import { afterEach, describe, expect, test } from "bun:test";
import { defaultPanicHandler, go, setPanicHandler } from "../../src/runtime/index.ts";

const settle = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

afterEach(() => void setPanicHandler(defaultPanicHandler));

describe("go", () => {
  test("runs the task synchronously up to its first await", () => {
    let started = false;
    go(async () => {
      started = true;
      await settle();
    });
    expect(started).toBe(true);
  });

  test.each([
    { how: "rejects", fn: async () => Promise.reject(new Error("async boom")), msg: "async boom" },
    {
      how: "throws",
      fn: () => {
        throw new Error("sync boom");
      },
      msg: "sync boom",
    },
  ])("hands a task that $how to the panic handler with its name", async ({ fn, msg }) => {
    const seen: [string, unknown][] = [];
    setPanicHandler((e, name) => seen.push([name, (e as Error).message]));
    go(fn, "worker");
    await settle();
    expect(seen).toEqual([["worker", msg]]);
  });

  test("names an unnamed task after its function", async () => {
    const names: string[] = [];
    setPanicHandler((_, name) => names.push(name));
    go(async function indexer() {
      throw new Error("x");
    });
    go(async function indexer() {
      throw new Error("y");
    });
    go(() => Promise.reject(new Error("z")));
    await settle();
    expect(names).toEqual(["indexer", "indexer", "anonymous"]);
  });

  test("tasks that fail after parking are reported under their own names, whatever order they started in", async () => {
    const seen: string[] = [];
    setPanicHandler((e, name) => seen.push(`${name}:${(e as Error).message}`));
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const a = async () => {
      await gate;
      throw new Error("a");
    };
    const b = async () => {
      await gate;
      throw new Error("b");
    };
    go(a, "first");
    go(b, "second");
    go(a, "third");
    go(a);
    go(async () => void (await gate), "fine");
    release();
    await settle();
    expect(seen).toEqual(["first:a", "second:b", "third:a", "a:a"]);
  });

  test("by default a panic prints one line to stderr and sets exit code 1", async () => {
    const script = `
      import { go } from ${JSON.stringify(`${import.meta.dir}/../../src/runtime/index.ts`)};
      go(async () => { throw new Error("disk full"); }, "writer");
    `;
    const proc = Bun.spawn([process.execPath, "-e", script], { stderr: "pipe", stdout: "pipe" });
    const [code, stderr] = await Promise.all([proc.exited, new Response(proc.stderr).text()]);
    expect(stderr).toBe('panic: task "writer": disk full\n');
    expect(code).toBe(1);
  });
});
