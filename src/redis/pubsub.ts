/**
 * Pub/sub (pubsub.c): SUBSCRIBE UNSUBSCRIBE PSUBSCRIBE PUNSUBSCRIBE PUBLISH
 * PUBSUB CHANNELS/NUMSUB/NUMPAT. Messages are arrays in RESP2 and push
 * types (`>`) in RESP3; a RESP2 client with subscriptions may only run the
 * commands in SUBSCRIBED_MODE (enforced in `execute`).
 */
import { cmd, latin1, type CommandContext, type CommandSpec } from "./command.ts";
import { globMatch } from "./glob.ts";
import type { Client, ServerState } from "./state.ts";
import type { ReplyWriter } from "../wire/resp/index.ts";

/** Commands a RESP2 client in subscribed mode may run. */
export const SUBSCRIBED_MODE = new Set(["ping", "subscribe", "ssubscribe", "unsubscribe", "sunsubscribe", "psubscribe", "punsubscribe", "quit", "reset"]);

/** A push header: `>n` in RESP3, `*n` in RESP2. */
function push(out: ReplyWriter, n: number): void {
  if (out.proto === 3) out.raw(Buffer.from(`>${n}\r\n`, "latin1"));
  else out.array(n);
}

const count = (c: Client) => c.channels.size + c.patterns.size;

/** Which registry a command works on. */
interface Kind {
  mine: (c: Client) => Set<string>;
  all: (s: ServerState) => Map<string, Set<Client>>;
  sub: string;
  unsub: string;
}

const CHANNELS: Kind = { mine: (c) => c.channels, all: (s) => s.channels, sub: "subscribe", unsub: "unsubscribe" };
const PATTERNS: Kind = { mine: (c) => c.patterns, all: (s) => s.patterns, sub: "psubscribe", unsub: "punsubscribe" };

function subscribe(kind: Kind) {
  return ({ client, server, out, argv }: CommandContext): void => {
    for (let i = 1; i < argv.length; i++) {
      const name = latin1(argv[i]!);
      if (!kind.mine(client).has(name)) {
        kind.mine(client).add(name);
        const all = kind.all(server);
        let set = all.get(name);
        if (!set) all.set(name, (set = new Set()));
        set.add(client);
      }
      push(out, 3), out.bulk(kind.sub), out.bulk(name), out.integer(count(client));
    }
  };
}

function remove(kind: Kind, client: Client, server: ServerState, name: string): void {
  kind.mine(client).delete(name);
  const all = kind.all(server);
  const set = all.get(name);
  set?.delete(client);
  if (set?.size === 0) all.delete(name);
}

function unsubscribe(kind: Kind) {
  return ({ client, server, out, argv }: CommandContext): void => {
    const names = argv.length > 1 ? argv.slice(1).map(latin1) : [...kind.mine(client)];
    if (names.length === 0) {
      push(out, 3), out.bulk(kind.unsub), out.nullBulk(), out.integer(count(client));
      return;
    }
    for (const name of names) {
      remove(kind, client, server, name);
      push(out, 3), out.bulk(kind.unsub), out.bulk(name), out.integer(count(client));
    }
  };
}

/** Drops every subscription of a disconnecting client. */
export function unsubscribeAll(server: ServerState, client: Client): void {
  for (const name of [...client.channels]) remove(CHANNELS, client, server, name);
  for (const name of [...client.patterns]) remove(PATTERNS, client, server, name);
}

/** pubsubPublishMessage: delivers to channel then pattern subscribers; returns the receiver count. */
export function publish(server: ServerState, channel: string, message: Uint8Array): number {
  let n = 0;
  for (const c of server.channels.get(channel) ?? []) {
    c.deliver((out) => (push(out, 3), out.bulk("message"), out.bulk(channel), out.bulk(message)));
    n++;
  }
  for (const [pattern, clients] of server.patterns) {
    if (!globMatch(pattern, channel)) continue;
    for (const c of clients) {
      c.deliver((out) => (push(out, 4), out.bulk("pmessage"), out.bulk(pattern), out.bulk(channel), out.bulk(message)));
      n++;
    }
  }
  return n;
}

const g = { group: "pubsub", keys: [0, 0, 0] as [number, number, number], since: "2.0.0" };
const f = ["pubsub", "noscript", "loading", "stale"];

const pubsubSubs = new Map<string, CommandSpec>([
  ["channels", cmd("pubsub|channels", -2, ({ server, out, argv }) => {
    const pattern = argv.length > 2 ? latin1(argv[2]!) : undefined;
    const names = [...server.channels.keys()].filter((n) => pattern === undefined || globMatch(pattern, n));
    out.array(names.length);
    for (const n of names) out.bulk(n);
  }, { ...g, flags: f, since: "2.8.0" })],
  ["numsub", cmd("pubsub|numsub", -2, ({ server, out, argv }) => {
    out.array((argv.length - 2) * 2);
    for (const a of argv.slice(2)) out.bulk(a), out.integer(server.channels.get(latin1(a))?.size ?? 0);
  }, { ...g, flags: f, since: "2.8.0" })],
  ["numpat", cmd("pubsub|numpat", 2, ({ server, out }) => out.integer(server.patterns.size), { ...g, flags: f, since: "2.8.0" })],
]);

/** The pub/sub commands. */
export const pubsubCommands: CommandSpec[] = [
  cmd("subscribe", -2, subscribe(CHANNELS), { ...g, flags: f }),
  cmd("unsubscribe", -1, unsubscribe(CHANNELS), { ...g, flags: f }),
  cmd("psubscribe", -2, subscribe(PATTERNS), { ...g, flags: f }),
  cmd("punsubscribe", -1, unsubscribe(PATTERNS), { ...g, flags: f }),
  cmd("publish", 3, ({ server, out, argv }) => out.integer(publish(server, latin1(argv[1]!), argv[2]!)), { ...g, flags: ["pubsub", "loading", "stale", "fast"] }),
  cmd("pubsub", -2, () => {}, { ...g, since: "2.8.0", subcommands: pubsubSubs }),
];
