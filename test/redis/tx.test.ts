/** Transactions in-process: AOF propagation wraps multi-write EXECs in MULTI/EXEC; expiry touches watched keys. */
import { expect, test } from "bun:test";
import type { Persistence } from "../../src/redis/index.ts";
import { harness } from "./harness.ts";

function logged() {
  const h = harness();
  const log: string[] = [];
  h.state.persistence = { feed: (db: number, argv: Uint8Array[]) => log.push(`${db}: ${argv.map((a) => Buffer.from(a).toString("latin1")).join(" ")}`), writeError: () => undefined } as unknown as Persistence;
  return { ...h, log };
}

test("an EXEC with several writes is logged wrapped in MULTI/EXEC; one write is logged alone", () => {
  const { run, log } = logged();
  run("MULTI");
  expect(run("SET", "a", "1")).toBe("+QUEUED\r\n");
  run("GET", "a");
  run("INCR", "a");
  expect(run("EXEC")).toBe("*3\r\n+OK\r\n$1\r\n1\r\n:2\r\n");
  expect(log).toEqual(["0: MULTI", "0: SET a 1", "0: INCR a", "0: EXEC"]);
  log.length = 0;
  run("MULTI");
  run("INCR", "a");
  run("GET", "a");
  run("EXEC");
  expect(log).toEqual(["0: INCR a"]);
});

test("an aborted transaction logs nothing", () => {
  const { run, log } = logged();
  run("MULTI");
  run("SET", "a", "1");
  run("NOSUCH");
  expect(run("EXEC")).toBe("-EXECABORT Transaction discarded because of previous errors.\r\n");
  expect(log).toEqual([]);
});

test("a watched key removed by expiry makes EXEC return a null array", () => {
  const { run, clock } = harness();
  run("SET", "w", "1", "PX", "100");
  run("WATCH", "w");
  clock.advance(200);
  expect(run("GET", "w")).toBe("$-1\r\n");
  run("MULTI");
  run("SET", "w", "2");
  expect(run("EXEC")).toBe("*-1\r\n");
  expect(run("GET", "w")).toBe("$-1\r\n");
});

test("a watched key past its TTL but not yet removed also aborts EXEC (isWatchedKeyExpired)", () => {
  const { run, clock } = harness();
  run("SET", "w", "1", "PX", "100");
  run("WATCH", "w");
  clock.advance(200);
  run("MULTI");
  run("PING");
  expect(run("EXEC")).toBe("*-1\r\n");
});
