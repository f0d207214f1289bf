/**
 * @module
 * A Redis-compatible server: RESP over TCP (src/wire/resp), a command table
 * shaped like Redis's (name → arity, flags, key positions, handler) with
 * Redis's exact replies and errors, 16 databases of strings, lists, hashes and
 * sets, and key expiry both passive and active (Redis's activeExpireCycle) on
 * an injectable Clock.
 *
 * @example
 * import { RedisServer } from "../redis/index.ts";
 * await using server = await RedisServer.listen({ config: { port: 0 } });
 * // redis-cli -p ${server.port} SET k v
 */

export { type CommandContext, type CommandSpec, type Handler } from "./command.ts";
export { buildCommandTable, type CommandTable, execute } from "./dispatch.ts";
export { globMatch } from "./glob.ts";
export { type ExpireCycleOptions, type ExpireCycleStats, Keyspace, type RValue, typeName } from "./keyspace.ts";
export { RedisListenError, RedisServer, type RedisServerOptions, type ServerLog } from "./server.ts";
export { type Client, defaultConfig, REDIS_VERSION, type ServerConfig, ServerState } from "./state.ts";
