/**
 * INFO: the server, clients, memory, persistence, stats, replication and
 * keyspace sections with Redis's field names.
 */
import { usedMemory } from "./memory.ts";
import { REDIS_VERSION, type ServerState } from "./state.ts";

type Section = [string, () => [string, string | number][]];

function sections(s: ServerState): Section[] {
  const uptime = Math.floor((s.clock.now() - s.startedAt) / 1000);
  const mem = process.memoryUsage();
  return [
    ["server", () => [
      ["redis_version", REDIS_VERSION],
      ["redis_mode", "standalone"],
      ["os", `${process.platform} ${process.arch}`],
      ["arch_bits", 64],
      ["multiplexing_api", "bun"],
      ["process_id", process.pid],
      ["run_id", s.runId],
      ["tcp_port", s.tcpPort],
      ["server_time_usec", Math.floor(s.clock.now() * 1000)],
      ["uptime_in_seconds", uptime],
      ["uptime_in_days", Math.floor(uptime / 86400)],
      ["hz", 10],
      ["executable", process.execPath],
    ]],
    ["clients", () => [
      ["connected_clients", s.clients.size],
      ["maxclients", 10000],
      ["blocked_clients", [...s.clients.values()].filter((c) => c.blocked !== undefined).length],
    ]],
    ["memory", () => [
      ["used_memory", usedMemory(s)],
      ["used_memory_rss", mem.rss],
      ["maxmemory", s.config.maxmemory],
      ["maxmemory_policy", s.config.maxmemoryPolicy],
    ]],
    ["persistence", () => s.persistence?.info() ?? [
      ["loading", 0],
      ["rdb_changes_since_last_save", s.dirty],
      ["rdb_last_save_time", s.lastSave],
      ["aof_enabled", 0],
    ]],
    ["stats", () => [
      ["total_connections_received", s.totalConnections],
      ["total_commands_processed", s.totalCommands],
      ["rejected_connections", s.rejectedConnections],
      ["expired_keys", s.expiredKeys],
      ["evicted_keys", s.evictedKeys],
    ]],
    ["replication", () => [
      ["role", "master"],
      ["connected_slaves", 0],
    ]],
    ["keyspace", () =>
      s.dbs.flatMap((db, i) => (db.size === 0 ? [] : [[`db${i}`, `keys=${db.size},expires=${db.expires.keys.length},avg_ttl=0`] as [string, string]])),
    ],
  ];
}

/** The INFO text for the requested sections ("default"/"all"/"everything" or none = all of ours). */
export function infoString(s: ServerState, wanted: string[]): string {
  const all = wanted.length === 0 || wanted.some((w) => w === "all" || w === "default" || w === "everything");
  const parts: string[] = [];
  for (const [name, fields] of sections(s)) {
    if (!all && !wanted.includes(name)) continue;
    const title = name[0]!.toUpperCase() + name.slice(1);
    parts.push(`# ${title}\r\n${fields().map(([k, v]) => `${k}:${v}\r\n`).join("")}`);
  }
  return parts.join("\r\n");
}
