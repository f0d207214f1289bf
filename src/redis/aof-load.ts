/**
 * Replaying an AOF into the databases (loadSingleAppendOnlyFile): each
 * command runs through the command table on a loading client, with expiry
 * suspended (Keyspace.loading), so TTLs already past are kept and lapse only
 * after loading, as in Redis. A file that starts with `REDIS` has an RDB
 * preamble (aof-use-rdb-preamble): the snapshot is loaded first, then the
 * commands after it.
 */
import { latin1 } from "./command.ts";
import { scanAof } from "./aof-scan.ts";
import { CommandWriter, execute, type CommandTable } from "./dispatch.ts";
import { insertEntries, readRdb } from "./rdb-reader.ts";
import type { ServerState } from "./state.ts";

/** What replaying an AOF did. */
export interface AofLoadReport {
  /** Commands replayed. */
  commands: number;
  /** Offset of the end of the last complete command when the tail was truncated (a crash mid-write). */
  truncatedAt: number | undefined;
  /** The database the file leaves selected (-1 when it never selects one). */
  selected: number;
}

/** An AOF that cannot be loaded. */
export class AofFormatError extends Error {
  readonly code = "ERR_REDIS_AOF";
  override name = "AofFormatError";
  constructor(
    message: string,
    readonly offset: number,
  ) {
    super(message);
  }
}

/** Replays `data` (the file at `path`, for messages) into `state`; throws AofFormatError on a corrupt or unknown command. */
export function loadAofInto(state: ServerState, table: CommandTable, data: Uint8Array, path: string): AofLoadReport {
  const client = state.newClient("aof");
  state.clients.delete(client.id);
  const out = new CommandWriter();
  let commands = 0;
  let selected = -1;
  const persistence = state.persistence;
  state.persistence = undefined;
  for (const db of state.dbs) db.loading = true;
  try {
    let base = 0;
    if (data.length >= 5 && Buffer.from(data.subarray(0, 5)).toString("latin1") === "REDIS") {
      try {
        const rdb = readRdb(data);
        insertEntries(state.dbs, rdb.entries, { now: state.clock.now(), skipExpired: false });
        base = rdb.end;
      } catch (e) {
        const offset = (e as { offset?: number }).offset ?? 0;
        throw new AofFormatError(`bad RDB preamble in the append only file "${path}" at offset ${offset}: ${(e as Error).message}`, offset);
      }
    }
    const scan = scanAof(data.subarray(base), ({ argv, offset: rel }) => {
      const offset = base + rel;
      const name = latin1(argv[0]!).toLowerCase();
      if (!table.has(name)) throw new AofFormatError(`unknown command '${latin1(argv[0]!).slice(0, 64)}' reading the append only file "${path}" at offset ${offset}`, offset);
      execute(table, state, client, argv, out);
      out.take();
      if (name === "select") selected = client.db;
      commands++;
    });
    if (scan.kind === "corrupt") {
      const at = base + scan.offset;
      throw new AofFormatError(`bad file format reading the append only file "${path}" at offset ${at}: ${scan.message} (make a backup, then run redis-check-aof --fix)`, at);
    }
    state.dirty = 0;
    return { commands, truncatedAt: scan.kind === "truncated" ? base + scan.end : undefined, selected };
  } finally {
    for (const db of state.dbs) db.loading = false;
    state.persistence = persistence;
  }
}
