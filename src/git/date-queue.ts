/**
 * The commits a history walk has still to visit, newest first: git's
 * commit_list_insert_by_date, where a commit goes after every queued one that
 * is not older (so among equal dates, first in first out). A date is looked
 * up only when two commits are compared: a linear history never needs one.
 */
export class DateQueue {
  private readonly oids: string[] = [];
  /** NaN for a date not looked up yet. */
  private readonly times: number[] = [];

  /** @param timeOf a commit's committer date (seconds). */
  constructor(private readonly timeOf: (oid: string) => number) {}

  get length(): number {
    return this.oids.length;
  }

  insert(oid: string): void {
    let k = this.oids.length;
    if (k === 0) {
      this.oids.push(oid);
      this.times.push(NaN);
      return;
    }
    const t = this.timeOf(oid);
    while (k > 0 && this.timeAt(k - 1) < t) k--;
    this.oids.splice(k, 0, oid);
    this.times.splice(k, 0, t);
  }

  /** The newest commit, taken off the queue. */
  shift(): string | undefined {
    this.times.shift();
    return this.oids.shift();
  }

  private timeAt(k: number): number {
    const t = this.times[k]!;
    return t === t ? t : (this.times[k] = this.timeOf(this.oids[k]!));
  }
}
