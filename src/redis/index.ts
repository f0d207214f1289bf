/**
 * @module
 * A Redis-compatible server: RESP over TCP (src/wire/resp), a command table
 * shaped like Redis's (name → arity, flags, key positions, handler) with
 * Redis's exact replies and errors, 16 databases of strings, lists, hashes,
 * sets and sorted sets, transactions (MULTI/EXEC/WATCH), pub/sub with RESP3
 * pushes, blocking list pops, and key expiry both passive and active (Redis's
 * activeExpireCycle) on an injectable Clock. Persistence (opt-in): an
 * append-only file in RESP with appendfsync always/everysec/no, replay with
 * truncated-tail repair and
 * BGREWRITEAOF; RDB version 10 snapshots (SAVE, BGSAVE, save rules) that
 * real Redis 7.0 loads, and loading of the RDB files Redis writes.
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
export { AofFormatError } from "./aof-load.ts";
export { DiskPersistence, type LoadReport, RedisLoadError } from "./persistence.ts";
export { crc64 } from "./crc64.ts";
export { RdbError, readRdb } from "./rdb-reader.ts";
export { encodeRdb } from "./rdb-writer.ts";
export { formatSave, memtoll, parseRedisConf, parseSave, RedisConfError } from "./redis-conf.ts";
export { type Client, defaultConfig, type Persistence, REDIS_VERSION, type ServerConfig, ServerState } from "./state.ts";
