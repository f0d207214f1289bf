import { describe, expect, test } from "bun:test";
import { existsSync, readFileSync, utimesSync, writeFileSync } from "node:fs";
import { hostname } from "node:os";
import { LockTimeoutError, acquireLock } from "../../src/task/file-lock.ts";
import { tempDir } from "../support/cli.ts";

const holder = (over: Record<string, unknown> = {}) =>
  JSON.stringify({ pid: 999_999_999, host: hostname(), created: new Date().toISOString(), token: "x", ...over }) + "\n";

describe("acquireLock", () => {
  test("creates the lock file with the holder's pid and time, and release removes it", async () => {
    using dir = tempDir();
    const path = `${dir.path}/tasks.json.lock`;
    const lock = await acquireLock(path);
    const content = JSON.parse(readFileSync(path, "utf8"));
    expect(content.pid).toBe(process.pid);
    expect(Date.parse(content.created)).toBeGreaterThan(0);
    lock.release();
    expect(existsSync(path)).toBe(false);
    lock.release(); // idempotent
  });

  test("a second acquirer waits until the holder releases", async () => {
    using dir = tempDir();
    const path = `${dir.path}/l.lock`;
    const first = await acquireLock(path);
    let released = false;
    const second = acquireLock(path).then((lock) => {
      expect(released).toBe(true);
      return lock;
    });
    await Bun.sleep(20); // let the waiter poll a few times
    released = true;
    first.release();
    (await second).release();
  });

  test("hands the lock to many concurrent waiters one at a time", async () => {
    using dir = tempDir();
    const path = `${dir.path}/l.lock`;
    let inside = 0;
    let most = 0;
    await Promise.all(
      Array.from({ length: 20 }, async () => {
        using _ = await acquireLock(path);
        most = Math.max(most, ++inside);
        await Bun.sleep(1);
        inside--;
      }),
    );
    expect(most).toBe(1);
    expect(existsSync(path)).toBe(false);
  });

  test("gives up after the timeout with an error naming the holder", async () => {
    using dir = tempDir();
    const path = `${dir.path}/l.lock`;
    using _held = await acquireLock(path);
    const err = await acquireLock(path, { timeoutMs: 30 }).catch((e) => e);
    expect(err).toBeInstanceOf(LockTimeoutError);
    expect(err.message).toStartWith(`"${path}" is held by pid ${process.pid} since `);
    expect(err.message).toContain("gave up after 0.03s");
  });

  test("breaks a stale lock whose holder process is gone", async () => {
    using dir = tempDir();
    const path = `${dir.path}/l.lock`;
    const exited = Bun.spawn(["true"]);
    await exited.exited;
    writeFileSync(path, holder({ pid: exited.pid }));
    const lock = await acquireLock(path, { timeoutMs: 1000 });
    expect(JSON.parse(readFileSync(path, "utf8")).pid).toBe(process.pid);
    lock.release();
  });

  test("breaks a lock older than staleMs even when its holder looks alive", async () => {
    using dir = tempDir();
    const path = `${dir.path}/l.lock`;
    writeFileSync(path, holder({ pid: process.pid, created: "2025-01-10T14:30:00.000Z" }));
    const lock = await acquireLock(path, { staleMs: 60_000, timeoutMs: 1000, now: () => Date.parse("2025-01-10T14:31:01Z") });
    lock.release();
  });

  test("does not break a recent lock of a live process on this host", async () => {
    using dir = tempDir();
    const path = `${dir.path}/l.lock`;
    writeFileSync(path, holder({ pid: process.pid }));
    expect(await acquireLock(path, { timeoutMs: 20, isAlive: () => true }).catch((e) => e)).toBeInstanceOf(LockTimeoutError);
    expect(existsSync(path)).toBe(true);
  });

  test("does not judge the pid of a holder on another host", async () => {
    using dir = tempDir();
    const path = `${dir.path}/l.lock`;
    writeFileSync(path, holder({ host: "elsewhere" }));
    const err = await acquireLock(path, { timeoutMs: 20, isAlive: () => false }).catch((e) => e);
    expect(err.message).toContain("held by pid 999999999 on elsewhere");
  });

  test("breaks an unreadable lock only once its file is older than staleMs", async () => {
    using dir = tempDir();
    const path = `${dir.path}/l.lock`;
    writeFileSync(path, "");
    expect(await acquireLock(path, { timeoutMs: 20 }).catch((e) => e)).toBeInstanceOf(LockTimeoutError);
    const old = new Date(Date.now() - 120_000);
    utimesSync(path, old, old);
    (await acquireLock(path, { timeoutMs: 1000, staleMs: 60_000 })).release();
  });

  test("clears a break guard left behind by a crashed process", async () => {
    using dir = tempDir();
    const path = `${dir.path}/l.lock`;
    writeFileSync(path, holder());
    writeFileSync(`${path}.break`, "12345");
    const old = new Date(Date.now() - 60_000);
    utimesSync(`${path}.break`, old, old);
    (await acquireLock(path, { timeoutMs: 1000, isAlive: () => false })).release();
    expect(existsSync(`${path}.break`)).toBe(false);
  });

  test("release leaves alone a lock that is no longer its own", async () => {
    using dir = tempDir();
    const path = `${dir.path}/l.lock`;
    const lock = await acquireLock(path);
    writeFileSync(path, holder({ token: "someone else" }));
    lock.release();
    expect(existsSync(path)).toBe(true);
  });

  test("fails at once when the directory does not exist", async () => {
    using dir = tempDir();
    const err = await acquireLock(`${dir.path}/missing/l.lock`).catch((e) => e);
    expect(err.code).toBe("ENOENT");
  });

  test("stops waiting when its signal is aborted", async () => {
    using dir = tempDir();
    const path = `${dir.path}/l.lock`;
    using _held = await acquireLock(path);
    const ac = new AbortController();
    const waiting = acquireLock(path, { signal: ac.signal }).catch((e) => e);
    ac.abort(new Error("stop"));
    expect((await waiting).message).toBe("stop");
  });
});
