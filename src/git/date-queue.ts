/**
 * The commits a history walk has still to visit, newest first: git's
 * commit_list_insert_by_date, where a commit goes after every queued one that
 * is not older (so among equal dates, first in first out). A date is looked
 * up only when two commits are compared: a linear history never needs one.
 */
export class DateQueue {
  /** The queue is oids[head…]; taken entries stay below head until a compaction. */
  private oids: string[] = [];
  /** NaN for a date not looked up yet. */
  private times: number[] = [];
  private head = 0;

  /** @param timeOf a commit's committer date (seconds). */
  constructor(private readonly timeOf: (oid: string) => number) {}

  get length(): number {
    return this.oids.length - this.head;
  }

  insert(oid: string): void {
    let k = this.oids.length;
    if (k === this.head) {
      this.oids.push(oid);
      this.times.push(NaN);
      return;
    }
    const t = this.timeOf(oid);
    while (k > this.head && this.timeAt(k - 1) < t) k--;
    this.oids.splice(k, 0, oid);
    this.times.splice(k, 0, t);
  }

  /** Whether some queued commit satisfies `test`. */
  some(test: (oid: string) => boolean): boolean {
    for (let k = this.head; k < this.oids.length; k++) if (test(this.oids[k]!)) return true;
    return false;
  }

  /** The newest commit, taken off the queue. */
  shift(): string | undefined {
    if (this.head === this.oids.length) return undefined;
    const oid = this.oids[this.head++];
    // Taken entries are dropped once they are most of the arrays (a long linear walk keeps one entry queued).
    if (this.head >= 1024 && this.head * 2 >= this.oids.length) {
      this.oids = this.oids.slice(this.head);
      this.times = this.times.slice(this.head);
      this.head = 0;
    }
    return oid;
  }

  private timeAt(k: number): number {
    const t = this.times[k]!;
    return t === t ? t : (this.times[k] = this.timeOf(this.oids[k]!));
  }
}
