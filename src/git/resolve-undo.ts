/**
 * The index's resolve-undo extension (gitformat-index "REUC"): for each path
 * whose conflict was resolved in the index, the modes and ids its stages 1-3
 * had, so `git restore -m` / `git checkout -m` can recreate the conflict.
 */

/** One path's former conflict stages: index 0 is stage 1; undefined where the stage was absent. */
export type ResolveUndo = ({ mode: number; oid: string } | undefined)[];

/** Parses a REUC payload: entries of path NUL, three octal ASCII modes each NUL-terminated, then a 20-byte id per non-zero mode. */
export function parseResolveUndo(payload: Uint8Array): Map<string, ResolveUndo> {
  const buf = Buffer.from(payload.buffer, payload.byteOffset, payload.byteLength);
  const out = new Map<string, ResolveUndo>();
  let o = 0;
  const field = () => {
    const end = buf.indexOf(0, o);
    if (end < 0) throw new Error("resolve-undo: truncated");
    const s = buf.toString("utf8", o, end);
    o = end + 1;
    return s;
  };
  while (o < buf.length) {
    const path = field();
    const modes = [field(), field(), field()].map((m) => parseInt(m, 8));
    const stages: ResolveUndo = [undefined, undefined, undefined];
    // The ids follow the three modes, in stage order.
    for (let k = 0; k < 3; k++) {
      if (!modes[k]) continue;
      stages[k] = { mode: modes[k]!, oid: buf.toString("hex", o, o + 20) };
      o += 20;
    }
    out.set(path, stages);
  }
  return out;
}

/** Serializes records as a REUC payload, paths in byte order (git's sorted string list). */
export function serializeResolveUndo(records: Map<string, ResolveUndo>): Uint8Array {
  const parts: Buffer[] = [];
  for (const path of [...records.keys()].sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)))) {
    const stages = records.get(path)!;
    parts.push(Buffer.from(`${path}\0${stages.map((s) => (s ? s.mode.toString(8) : "0")).join("\0")}\0`, "utf8"));
    for (const s of stages) if (s) parts.push(Buffer.from(s.oid, "hex"));
  }
  return Buffer.concat(parts);
}

/** record_resolve_undo: a conflict stage leaving the index is remembered under its path. */
export function recordResolveUndo(records: Map<string, ResolveUndo>, e: { path: string; stage: number; mode: number; oid: string }): void {
  if (e.stage === 0) return;
  let stages = records.get(e.path);
  if (!stages) records.set(e.path, (stages = [undefined, undefined, undefined]));
  stages[e.stage - 1] = { mode: e.mode, oid: e.oid };
}
