/** Runs commands in-process against a fresh server state on a FakeClock; replies come back as RESP text. */
import { buildCommandTable, defaultConfig, execute, ServerState, type ServerConfig } from "../../src/redis/index.ts";
import { FakeClock } from "../../src/runtime/index.ts";
import { ReplyWriter } from "../../src/wire/resp/index.ts";

/** A server state, one client and a `run` that returns each reply's RESP text. */
export function harness(config: Partial<ServerConfig> = {}, start = 1_700_000_000_000) {
  const clock = new FakeClock(start);
  const state = new ServerState(defaultConfig(config), clock);
  const table = buildCommandTable();
  const out = new ReplyWriter();
  const client = state.newClient("127.0.0.1:1", { setProto: (p) => (out.proto = p) });
  const run = (...argv: (string | Uint8Array)[]): string => {
    execute(table, state, client, argv.map((a) => (typeof a === "string" ? Buffer.from(a, "utf8") : a)), out);
    return Buffer.from(out.take()).toString("latin1");
  };
  return { clock, state, table, client, run };
}
