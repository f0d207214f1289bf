/**
 * Pub/sub against a real redis-server: a subscriber and a publisher run the
 * same script on both servers and every reply and message must be
 * byte-identical, in RESP2 (subscribed-mode restrictions) and RESP3 (pushes).
 */
import { describe, expect, test } from "bun:test";
import { haveRedisServer, haveRedisCli, serverPair } from "./real-redis.ts";
import { encodeCommand, RawClient } from "./resp-client.ts";

/** [client, argv, replies expected on that client (messages included)]. */
type Step = [0 | 1, string[], number];

const SCRIPT: Step[] = [
  [0, ["UNSUBSCRIBE"], 1],
  [0, ["PUNSUBSCRIBE"], 1],
  [0, ["SUBSCRIBE", "news", "sport"], 2],
  [0, ["SUBSCRIBE", "news"], 1],
  [0, ["PSUBSCRIBE", "n*", "x?"], 2],
  [1, ["PUBSUB", "NUMSUB", "news", "sport", "none"], 1],
  [1, ["PUBSUB", "NUMPAT"], 1],
  [1, ["PUBSUB", "CHANNELS", "n*"], 1],
  [1, ["PUBLISH", "news", "hello"], 1],
  [0, [], 2],
  [1, ["PUBLISH", "xy", "é"], 1],
  [0, [], 1],
  [1, ["PUBLISH", "nobody", "x"], 1],
  [0, [], 1],
  [0, ["PING"], 1],
  [0, ["PING", "arg"], 1],
  [0, ["GET", "k"], 1],
  [0, ["UNSUBSCRIBE", "sport", "never"], 2],
  [0, ["PUNSUBSCRIBE"], 2],
  [0, ["UNSUBSCRIBE"], 1],
  [0, ["UNSUBSCRIBE"], 1],
  [0, ["PING"], 1],
  [1, ["PUBSUB", "NUMPAT"], 1],
  [1, ["PUBSUB", "CHANNELS"], 1],
  [1, ["PUBSUB", "FOO"], 1],
  [1, ["PUBSUB"], 1],
  [1, ["MULTI"], 1],
  [1, ["SUBSCRIBE", "t"], 1],
  [1, ["EXEC"], 1],
];

async function transcript(port: number, proto: 2 | 3): Promise<string[]> {
  const cs = [await RawClient.connect(port), await RawClient.connect(port)];
  try {
    if (proto === 3) for (const c of cs) await c.call("HELLO", "3");
    const lines: string[] = [];
    for (const [who, argv, n] of SCRIPT) {
      const c = cs[who]!;
      if (argv.length > 0) c.write(encodeCommand(argv));
      for (let i = 0; i < n; i++) lines.push(`${who} ${argv.join(" ")} → ${Buffer.from((await c.reply())!).toString("latin1")}`);
    }
    return lines;
  } finally {
    for (const c of cs) c.close();
  }
}

const servers = serverPair();

describe.skipIf(!haveRedisServer)("pub/sub against redis-server", () => {
  for (const proto of [2, 3] as const) {
    test(`subscribe, publish, patterns, subscribed mode and PUBSUB match byte for byte in RESP${proto}`, async () => {
      expect(await transcript(servers.ours.port, proto)).toEqual(await transcript(servers.real.port, proto));
    });
  }

  test.skipIf(!haveRedisCli)("redis-cli SUBSCRIBE receives what another client PUBLISHes", async () => {
    const sub = Bun.spawn(["redis-cli", "-p", String(servers.ours.port), "SUBSCRIBE", "cli"], { stdout: "pipe" });
    const reader = sub.stdout.getReader();
    let text = "";
    const until = async (s: string) => {
      while (!text.includes(s)) text += new TextDecoder().decode((await reader.read()).value);
    };
    await until("subscribe\ncli\n1");
    const pub = await RawClient.connect(servers.ours.port);
    expect(await pub.call("PUBLISH", "cli", "from-raw")).toBe(":1\r\n");
    await until("from-raw");
    expect(text).toContain("message\ncli\nfrom-raw");
    pub.close();
    sub.kill();
    await sub.exited;
  });
});
