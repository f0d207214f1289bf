/**
 * A sorted set (t_zset.c's zset): a dict member → score plus a skiplist
 * ordered by (score, member bytes) whose spans give ranks in O(log n)
 * (zslInsert, zslDelete, zslGetRank, zslGetElementByRank). Members are
 * latin1 strings, so `<` on them is memcmp on the bytes (sdscmp). Backward
 * links are left out: every walk here goes forward or by rank.
 */

/** One member with its score. */
export interface ZEntry {
  member: string;
  score: number;
}

/** ZSKIPLIST_MAXLEVEL and ZSKIPLIST_P. */
const MAX_LEVEL = 32;
const P = 0.25;

interface Level {
  forward: Node | null;
  span: number;
}

interface Node extends ZEntry {
  level: Level[];
}

const node = (levels: number, member: string, score: number): Node => ({
  member,
  score,
  level: Array.from({ length: levels }, () => ({ forward: null, span: 0 })),
});

/** (score, member) order: zslInsert's comparison. */
function before(a: ZEntry, score: number, member: string): boolean {
  return a.score < score || (a.score === score && a.member < member);
}

function randomLevel(): number {
  let level = 1;
  while (Math.random() < P && level < MAX_LEVEL) level++;
  return level;
}

/** A sorted set value. */
export class ZSet {
  readonly dict = new Map<string, number>();
  #header = node(MAX_LEVEL, "", 0);
  #level = 1;

  /** Number of members. */
  get size(): number {
    return this.dict.size;
  }

  /** The member's score, or undefined. */
  score(member: string): number | undefined {
    return this.dict.get(member);
  }

  /** Adds or re-scores a member. */
  set(member: string, score: number): void {
    // Stored scores pass through d2string's integer path in a listpack: -0 becomes 0.
    if (score === 0) score = 0;
    const old = this.dict.get(member);
    if (old !== undefined) {
      if (old === score) return;
      this.#remove(old, member);
    }
    this.dict.set(member, score);
    this.#insert(score, member);
  }

  /** Removes a member; true when it was present. */
  delete(member: string): boolean {
    const old = this.dict.get(member);
    if (old === undefined) return false;
    this.#remove(old, member);
    this.dict.delete(member);
    return true;
  }

  /** 0-based rank in ascending order, or undefined (zslGetRank). */
  rank(member: string): number | undefined {
    const score = this.dict.get(member);
    if (score === undefined) return undefined;
    let rank = 0;
    let x = this.#header;
    for (let i = this.#level - 1; i >= 0; i--) {
      for (let f = x.level[i]!.forward; f && (f.score < score || (f.score === score && f.member <= member)); f = x.level[i]!.forward) {
        rank += x.level[i]!.span;
        x = f;
      }
      if (x !== this.#header && x.member === member) return rank - 1;
    }
    return undefined;
  }

  /** The entry at ascending rank `i` (zslGetElementByRank). */
  at(i: number): ZEntry {
    const want = i + 1;
    let traversed = 0;
    let x = this.#header;
    for (let l = this.#level - 1; l >= 0; l--) {
      while (x.level[l]!.forward && traversed + x.level[l]!.span <= want) {
        traversed += x.level[l]!.span;
        x = x.level[l]!.forward!;
      }
      if (traversed === want) return x;
    }
    throw new RangeError(`zset: rank ${i} out of range`);
  }

  /** Entries in ascending order. */
  entries(): ZEntry[] {
    const out: ZEntry[] = [];
    for (let x = this.#header.level[0]!.forward; x; x = x.level[0]!.forward) out.push({ member: x.member, score: x.score });
    return out;
  }

  /** Removes and returns the entry at rank `i`. */
  removeAt(i: number): ZEntry {
    const { member, score } = this.at(i);
    this.delete(member);
    return { member, score };
  }

  #insert(score: number, member: string): void {
    const update: Node[] = new Array(MAX_LEVEL);
    const rank: number[] = new Array(MAX_LEVEL);
    let x = this.#header;
    for (let i = this.#level - 1; i >= 0; i--) {
      rank[i] = i === this.#level - 1 ? 0 : rank[i + 1]!;
      while (x.level[i]!.forward && before(x.level[i]!.forward!, score, member)) {
        rank[i]! += x.level[i]!.span;
        x = x.level[i]!.forward!;
      }
      update[i] = x;
    }
    const level = randomLevel();
    if (level > this.#level) {
      for (let i = this.#level; i < level; i++) {
        rank[i] = 0;
        update[i] = this.#header;
        this.#header.level[i]!.span = this.size - 1;
      }
      this.#level = level;
    }
    const n = node(level, member, score);
    for (let i = 0; i < level; i++) {
      const u = update[i]!.level[i]!;
      n.level[i]!.forward = u.forward;
      u.forward = n;
      n.level[i]!.span = u.span - (rank[0]! - rank[i]!);
      u.span = rank[0]! - rank[i]! + 1;
    }
    for (let i = level; i < this.#level; i++) update[i]!.level[i]!.span++;
  }

  #remove(score: number, member: string): void {
    const update: Node[] = new Array(MAX_LEVEL);
    let x = this.#header;
    for (let i = this.#level - 1; i >= 0; i--) {
      while (x.level[i]!.forward && before(x.level[i]!.forward!, score, member)) x = x.level[i]!.forward!;
      update[i] = x;
    }
    const target = x.level[0]!.forward;
    if (!target || target.score !== score || target.member !== member) return;
    for (let i = 0; i < this.#level; i++) {
      const u = update[i]!.level[i]!;
      if (u.forward === target) {
        u.span += target.level[i]!.span - 1;
        u.forward = target.level[i]!.forward;
      } else u.span -= 1;
    }
    while (this.#level > 1 && this.#header.level[this.#level - 1]!.forward === null) this.#level--;
  }
}

/**
 * A double as C's printf("%.17g") prints it (addReplyDouble in Redis 7.0,
 * d2string): 17 significant digits, trailing zeros dropped, exponent form
 * below 1e-4 or from 1e17, "inf"/"-inf"/"nan", "-0".
 */
export function formatDouble(d: number): string {
  if (Number.isNaN(d)) return "nan";
  if (d === Infinity) return "inf";
  if (d === -Infinity) return "-inf";
  if (d === 0) return Object.is(d, -0) ? "-0" : "0";
  const [mant, e] = d.toExponential(16).split("e") as [string, string];
  const exp = Number(e);
  if (exp < -4 || exp >= 17) {
    const m = mant.replace(/\.?0+$/, "");
    return `${m}e${exp < 0 ? "-" : "+"}${String(Math.abs(exp)).padStart(2, "0")}`;
  }
  const s = d.toFixed(16 - exp);
  return s.includes(".") ? s.replace(/\.?0+$/, "") : s;
}

const FLOAT_RE = /^[+-]?(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?$/;
const INF_RE = /^[+-]?inf(?:inity)?$/i;

/** Redis's getDoubleFromObject (strtod, no spaces, no nan, no overflow): null when invalid. */
export function parseDouble(s: string): number | null {
  if (INF_RE.test(s)) return s.startsWith("-") ? -Infinity : Infinity;
  if (!FLOAT_RE.test(s)) return null;
  const n = Number(s);
  return Number.isFinite(n) ? n : null;
}

/** A score as stored in a listpack (d2string with double2ll): integral values within ±2^62 as integers, others %.17g. */
export function formatStoredScore(d: number): string {
  if (Number.isInteger(d) && Math.abs(d) <= 2 ** 62) return BigInt(d).toString();
  return formatDouble(d);
}
