/** ORDER BY: a full sort, or a bounded heap when LIMIT + OFFSET is small (top-N). */
import type { ColKey, PNode, SortKey } from "./bound.ts";
import { genExpr as compileExpr } from "./codegen.ts";
import { type ExecOptions, type Producer, collect, compileNode, intArg, scopeOf } from "./exec.ts";
import type { Row } from "./ordered-index.ts";
import { compare } from "./values.ts";

function sortCmp(keys: SortKey[]): (a: Row, b: Row) => number {
  const ks = keys.map((k) => ({ i: (k.e as { i: number }).i, desc: k.desc ? -1 : 1, nf: k.nullsFirst }));
  return (a, b) => {
    for (const k of ks) {
      const x = a[k.i]!, y = b[k.i]!;
      if (x === null || y === null) {
        if (x === y) continue;
        return (x === null) === k.nf ? -1 : 1;
      }
      const c = typeof x === "number" && typeof y === "number" ? (x < y ? -1 : x > y ? 1 : 0) : compare(x, y);
      if (c !== 0) return c * k.desc;
    }
    return 0;
  };
}

/** Compiles a sort node. */
export function sort(n: PNode & { op: "sort" }, outers: Map<ColKey, number>[], opts: ExecOptions): Producer {
  const child = compileNode(n.child, outers, opts);
  const cmp = sortCmp(n.keys);
  const scope = scopeOf([], outers, opts);
  const lim = n.topN ? compileExpr(n.topN, scope) : undefined;
  const off = n.offset ? compileExpr(n.offset, scope) : undefined;
  return (env, emit) => {
    let limit = intArg(lim, env, -1);
    const offset = Math.max(0, intArg(off, env, 0));
    if (limit < 0) limit = Infinity;
    if (limit === 0) return;
    const want = limit + offset;
    let rows: Row[];
    if (want <= 1000) {
      // top-N: a bounded max-heap keeps the `want` smallest rows; ties keep arrival order via a sequence number
      const heap: { r: Row; s: number }[] = [];
      let seq = 0;
      const worse = (a: { r: Row; s: number }, b: { r: Row; s: number }) => { const c = cmp(a.r, b.r); return c > 0 || (c === 0 && a.s > b.s); };
      const up = (i: number) => { while (i > 0) { const p = (i - 1) >> 1; if (!worse(heap[i]!, heap[p]!)) break; [heap[i], heap[p]] = [heap[p]!, heap[i]!]; i = p; } };
      const down = (i: number) => {
        for (;;) {
          const l = 2 * i + 1, r = l + 1;
          let m = i;
          if (l < heap.length && worse(heap[l]!, heap[m]!)) m = l;
          if (r < heap.length && worse(heap[r]!, heap[m]!)) m = r;
          if (m === i) return;
          [heap[i], heap[m]] = [heap[m]!, heap[i]!];
          i = m;
        }
      };
      child(env, (r) => {
        const e = { r, s: seq++ };
        if (heap.length < want) { heap.push(e); up(heap.length - 1); }
        else if (worse(heap[0]!, e)) { heap[0] = e; down(0); }
      });
      heap.sort((a, b) => cmp(a.r, b.r) || a.s - b.s);
      rows = heap.map((e) => e.r);
    } else {
      rows = collect(child, env);
      rows.sort(cmp);
    }
    const end = Math.min(rows.length, want);
    for (let i = offset; i < end; i++) emit(rows[i]!);
  };
}

