/**
 * SCAN cursors over the keyspace's slot order. A cursor is the next slot
 * position times 16 plus the compaction epoch modulo 16. Compaction (dropping
 * deleted slots) shifts positions down; each compaction's removed positions
 * are kept for the next 15 epochs, so a cursor from before them is mapped to
 * the same place in the new order and a key present for the whole scan is
 * still returned (Redis's SCAN guarantee). Older cursors are used as they are.
 */

const EPOCHS = 16;

/** Encodes and re-maps cursors across compactions. */
export class ScanCursors {
  #epoch = 0;
  /** removed[e % 16]: ascending slot positions dropped by the compaction that began epoch e. */
  #removed: (Float64Array | undefined)[] = new Array(EPOCHS).fill(undefined);

  /** The cursor for slot position `pos` (0 means done, so `pos` is ≥ 1 here). */
  encode(pos: number): number {
    return pos * EPOCHS + (this.#epoch % EPOCHS);
  }

  /** The slot position a cursor refers to now. */
  decode(cursor: number): number {
    const tag = cursor % EPOCHS;
    let pos = (cursor - tag) / EPOCHS;
    const behind = (this.#epoch - tag + EPOCHS * EPOCHS) % EPOCHS;
    for (let e = this.#epoch - behind + 1; e <= this.#epoch; e++) {
      const removed = this.#removed[((e % EPOCHS) + EPOCHS) % EPOCHS];
      if (removed) pos -= countBelow(removed, pos);
    }
    return pos;
  }

  /** Records a compaction that dropped `removed` (ascending old positions). */
  compacted(removed: Float64Array): void {
    this.#epoch++;
    this.#removed[this.#epoch % EPOCHS] = removed;
  }
}

function countBelow(sorted: Float64Array, x: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid]! < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
