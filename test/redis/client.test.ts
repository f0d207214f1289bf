/**
 * CLIENT KILL, CLIENT LIST/INFO against a real redis-server: the same
 * scripts give the same replies (client ids and addresses substituted), kill
 * closes exactly the connections Redis closes, and CLIENT LIST lines carry
 * Redis's fields in Redis's order with the same flags, counts and cmd.
 */
import { describe, expect, test } from "bun:test";
import { haveRedisServer, serverPair } from "./real-redis.ts";
import { RawClient } from "./resp-client.ts";

const servers = serverPair();

/** `k=v k=v …` → entries, in order. */
const fields = (line: string): [string, string][] => line.trim().split(" ").map((kv) => [kv.slice(0, kv.indexOf("=")), kv.slice(kv.indexOf("=") + 1)]);
/** A verbatim/bulk CLIENT LIST reply's lines. */
const lines = (reply: string): string[] => reply.split("\r\n").slice(1).join("\r\n").replace(/^txt:/, "").split("\n").filter((l) => l.startsWith("id="));
const idOf = async (c: RawClient) => /:(\d+)/.exec(await c.call("CLIENT", "ID"))![1]!;
const addrOf = async (c: RawClient) => Object.fromEntries(fields(lines(await c.call("CLIENT", "INFO"))[0]!)).addr!;

describe.skipIf(!haveRedisServer)("CLIENT against redis-server", () => {
  test("CLIENT KILL filters, errors and counts, and who gets disconnected", async () => {
    const transcripts: string[][] = [];
    for (const port of [servers.real.port, servers.ours.port]) {
      const [a, b, c] = await Promise.all([0, 1, 2].map(() => RawClient.connect(port)));
      const [ida, idb, idc] = await Promise.all([a!, b!, c!].map(idOf));
      const addrC = await addrOf(c!);
      const sub = (s: string) => s.replace("{a}", ida!).replace("{b}", idb!).replace("{c}", idc!).replace("{addrC}", addrC);
      const t: string[] = [];
      const run = async (who: RawClient, ...argv: string[]) => t.push(`${argv.join(" ")} → ${await who.call(...argv.map(sub))}`);
      for (const argv of [["ID", "0"], ["ID", "x"], ["ID", "-1"], ["TYPE", "bogus"], ["USER", "nosuch"], ["SKIPME", "maybe"], ["BOGUS", "x"], ["ID"], ["ID", "1", "SKIPME"], ["1.2.3.4:5"], ["ID", "99999999"], ["TYPE", "master"], ["TYPE", "replica"], ["TYPE", "pubsub"], ["USER", "default", "ID", "99999999"], ["ID", "{a}"], ["ID", "{a}", "SKIPME", "yes"], ["LADDR", "1.2.3.4:5"]]) {
        await run(a!, "CLIENT", "KILL", ...argv);
      }
      await run(a!, "CLIENT", "KILL", "ID", "{b}", "USER", "default");
      t.push(`b closed: ${(await b!.reply()) === null}`);
      await run(a!, "CLIENT", "LIST", "ID", "{b}");
      await run(a!, "CLIENT", "KILL", "{addrC}");
      t.push(`c closed: ${(await c!.reply()) === null}`);
      await run(a!, "CLIENT", "KILL", "ID", "{a}", "SKIPME", "no");
      t.push(`a closed: ${(await a!.reply()) === null}`);
      transcripts.push(t);
    }
    expect(transcripts[1]).toEqual(transcripts[0]!);
  });

  test("the old form kills the caller after its reply", async () => {
    const out: string[] = [];
    for (const port of [servers.real.port, servers.ours.port]) {
      const a = await RawClient.connect(port);
      out.push(await a.call("CLIENT", "KILL", await addrOf(a)));
      out.push(String((await a.reply()) === null));
    }
    expect(out).toEqual(["+OK\r\n", "true", "+OK\r\n", "true"]);
  });

  test("CLIENT LIST and CLIENT INFO: Redis's fields in order; flags, db, sub, multi, cmd and resp as Redis reports them", async () => {
    const seen: Record<string, string>[][] = [];
    const names: string[][] = [];
    for (const port of [servers.real.port, servers.ours.port]) {
      const [a, b, s] = await Promise.all([0, 1, 2].map(() => RawClient.connect(port)));
      const [ida, ids] = await Promise.all([idOf(a!), idOf(s!)]);
      await a!.call("CLIENT", "SETNAME", "worker");
      await a!.call("SELECT", "3");
      await a!.call("MULTI");
      await a!.call("SET", "k", "v");
      await a!.call("INCR", "k");
      await s!.call("SUBSCRIBE", "ch", "ch2");
      s!.write("*2\r\n$10\r\nPSUBSCRIBE\r\n$2\r\np*\r\n");
      await s!.reply();
      const pick = (line: string, keep: string[]) => Object.fromEntries(fields(line).filter(([k]) => keep.includes(k)));
      const keep = ["name", "flags", "db", "sub", "psub", "ssub", "multi", "cmd", "user", "resp", "redir", "events"];
      const got: Record<string, string>[] = [];
      got.push(pick(lines(await b!.call("CLIENT", "LIST", "ID", ida))[0]!, keep));
      got.push(pick(lines(await b!.call("CLIENT", "LIST", "TYPE", "pubsub")).find((l) => l.startsWith(`id=${ids} `))!, keep));
      await b!.call("HELLO", "3");
      const info = lines(await b!.call("CLIENT", "INFO"))[0]!;
      got.push(pick(info, keep));
      names.push(fields(info).map(([k]) => k));
      got.push({ list: String(lines(await b!.call("CLIENT", "LIST", "ID", ida, "99999999")).length), unknownType: await b!.call("CLIENT", "LIST", "TYPE", "x"), badId: await b!.call("CLIENT", "LIST", "ID", "x"), syntax: await b!.call("CLIENT", "LIST", "FOO") });
      await b!.call("NOSUCHCOMMAND");
      got.push(pick(lines(await a!.call("EXEC").then(() => b!.call("CLIENT", "LIST", "ID", ida)))[0]!, keep));
      seen.push(got);
      for (const c of [a, b, s]) c!.close();
    }
    expect(names[1]).toEqual(names[0]!);
    expect(seen[1]).toEqual(seen[0]!);
  });
});
