import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { RedisServer } from "../../src/redis/index.ts";
import { FakeClock } from "../../src/runtime/index.ts";
import { encodeCommand, RawClient } from "./resp-client.ts";

let server: RedisServer;
beforeAll(async () => {
  server = await RedisServer.listen({ config: { port: 0, clientQueryBufferLimit: 1024 * 1024 } });
});
afterAll(() => server.shutdown());

async function replies(c: RawClient, n: number): Promise<string[]> {
  const out: string[] = [];
  for (let i = 0; i < n; i++) out.push(Buffer.from((await c.reply())!).toString("latin1"));
  return out;
}

describe("RedisServer over TCP", () => {
  test("listens on 127.0.0.1 with port 0 resolved to a real port", () => {
    expect(server.hostname).toBe("127.0.0.1");
    expect(server.port).toBeGreaterThan(0);
  });

  test("a command sent one byte per write is answered once", async () => {
    const c = await RawClient.connect(server.port);
    for (const b of encodeCommand(["ECHO", "split"])) c.write(Uint8Array.of(b));
    c.write(encodeCommand(["PING"]));
    expect(await replies(c, 2)).toEqual(["$5\r\nsplit\r\n", "+PONG\r\n"]);
    c.close();
  });

  test("ten thousand pipelined commands in one write are answered in order", async () => {
    const c = await RawClient.connect(server.port);
    const parts: Uint8Array[] = [];
    for (let i = 0; i < 10_000; i++) parts.push(encodeCommand(["ECHO", String(i)]));
    c.write(Buffer.concat(parts));
    const got = await replies(c, 10_000);
    expect(got[0]).toBe("$1\r\n0\r\n");
    expect(got[9_999]).toBe("$4\r\n9999\r\n");
    expect(got.every((r, i) => r === `$${String(i).length}\r\n${i}\r\n`)).toBe(true);
    c.close();
  });

  test("inline commands work, as from telnet", async () => {
    const c = await RawClient.connect(server.port);
    c.write('SET inline "hello world"\r\nGET inline\r\n');
    expect(await replies(c, 2)).toEqual(["+OK\r\n", "$11\r\nhello world\r\n"]);
    c.close();
  });

  test("replies larger than the socket buffer are queued and drained in order", async () => {
    const c = await RawClient.connect(server.port);
    const big = Buffer.alloc(1024 * 1024, "x");
    expect(await c.call("SET", "big", big)).toBe("+OK\r\n");
    const parts: Uint8Array[] = [];
    for (let i = 0; i < 40; i++) parts.push(encodeCommand(["GET", "big"]), encodeCommand(["ECHO", String(i)]));
    c.write(Buffer.concat(parts));
    for (let i = 0; i < 40; i++) {
      const r = (await c.reply())!;
      expect(r.length).toBe(1024 * 1024 + 12); // "$1048576\r\n" + payload + "\r\n"
      expect(Buffer.from((await c.reply())!).toString()).toBe(`$${String(i).length}\r\n${i}\r\n`);
    }
    c.close();
  });

  test("a protocol error is answered after earlier replies, then the connection closes", async () => {
    const c = await RawClient.connect(server.port);
    c.write("PING\r\n*1\r\n$x\r\nPING\r\n");
    expect(await c.closedWith()).toBe("+PONG\r\n-ERR Protocol error: invalid bulk length\r\n");
  });

  test("Redis's protocol error texts reach the client", async () => {
    const cases: [string, string][] = [
      ["*x\r\n", "-ERR Protocol error: invalid multibulk length\r\n"],
      ["*1\r\nx\r\n", "-ERR Protocol error: expected '$', got 'x'\r\n"],
      ['SET "a\r\n', "-ERR Protocol error: unbalanced quotes in request\r\n"],
      ["*1\r\n$10737418240\r\n", "-ERR Protocol error: invalid bulk length\r\n"],
    ];
    for (const [input, want] of cases) {
      const c = await RawClient.connect(server.port);
      c.write(input);
      expect(await c.closedWith()).toBe(want);
    }
  });

  test("a client over the query-buffer limit is disconnected while others keep being served", async () => {
    const other = await RawClient.connect(server.port);
    const c = await RawClient.connect(server.port);
    c.write("*2\r\n$4\r\nECHO\r\n$2000000\r\n");
    c.write(Buffer.alloc(1024 * 1024 + 10, "a"));
    expect(await c.closedWith()).toBe("");
    expect(await other.call("PING")).toBe("+PONG\r\n");
    other.close();
  });

  test("QUIT answers OK and closes", async () => {
    const c = await RawClient.connect(server.port);
    c.write("QUIT\r\nPING\r\n");
    expect(await c.closedWith()).toBe("+OK\r\n");
  });

  test("CLIENT ID differs per connection and INFO counts connected clients", async () => {
    const a = await RawClient.connect(server.port);
    const b = await RawClient.connect(server.port);
    const [ia, ib] = [await a.call("CLIENT", "ID"), await b.call("CLIENT", "ID")];
    expect(ia).not.toBe(ib);
    expect(await a.call("INFO", "clients")).toMatch(/connected_clients:[2-9]/);
    a.close();
    b.close();
  });
});

describe("RedisServer with requirepass", () => {
  test("unauthenticated clients may not send big requests, and get NOAUTH for commands", async () => {
    await using s = await RedisServer.listen({ config: { port: 0, requirepass: "pw" } });
    const c = await RawClient.connect(s.port);
    expect(await c.call("GET", "k")).toBe("-NOAUTH Authentication required.\r\n");
    expect(await c.call("AUTH", "pw")).toBe("+OK\r\n");
    expect(await c.call("SET", "k", Buffer.alloc(20_000, "v"))).toBe("+OK\r\n");
    const d = await RawClient.connect(s.port);
    d.write("*11\r\n");
    expect(await d.closedWith()).toBe("-ERR Protocol error: unauthenticated multibulk length\r\n");
    c.close();
  });
});

describe("RedisServer active expiry", () => {
  test("expired keys nobody reads are reclaimed by the periodic cycle on the server's clock", async () => {
    const clock = new FakeClock(1_000_000);
    await using s = await RedisServer.listen({ config: { port: 0 }, clock });
    const c = await RawClient.connect(s.port);
    for (let i = 0; i < 50; i++) expect(await c.call("SET", `k${i}`, "v", "PX", "500")).toBe("+OK\r\n");
    expect(await c.call("SET", "keep", "v")).toBe("+OK\r\n");
    expect(s.state.dbs[0]!.size).toBe(51);
    clock.advance(500);
    for (let i = 0; i < 20 && s.state.dbs[0]!.size > 1; i++) clock.advance(100);
    expect(s.state.dbs[0]!.size).toBe(1);
    expect(await c.call("INFO", "stats")).toContain("expired_keys:50\r\n");
    c.close();
  });
});

describe("RedisServer.listen errors", () => {
  test("a port in use is a RedisListenError naming the address, Go-style", async () => {
    let err: unknown;
    try {
      await RedisServer.listen({ config: { port: server.port } });
    } catch (e) {
      err = e;
    }
    expect((err as Error).name).toBe("RedisListenError");
    expect((err as Error).message).toBe(`listen tcp 127.0.0.1:${server.port}: address already in use`);
  });
});
