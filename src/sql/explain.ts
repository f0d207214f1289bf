/** Renders physical plans as the EXPLAIN tree: one operator per line with estimated rows and cost (and actuals for ANALYZE). */
import type { BExpr, PNode } from "./bound.ts";
import { numText } from "./values.ts";

function q(v: unknown): string {
  if (v === null) return "NULL";
  if (typeof v === "string") return "'" + v.replace(/'/g, "''") + "'";
  if (typeof v === "number") return numText(v, !Number.isInteger(v));
  return String(v);
}

/** SQL-like text of a bound expression. */
export function exprText(e: BExpr, names: Map<number, string>, slots: string[] = []): string {
  const t = (x: BExpr) => exprText(x, names, slots);
  const p = (x: BExpr) => (x.k === "bin" ? `(${t(x)})` : t(x));
  switch (e.k) {
    case "const": return e.t === "R" && typeof e.v === "number" ? numText(e.v, true) : q(e.v);
    case "col": return names.size > 1 && names.has(e.rel) ? `${names.get(e.rel)}.${e.name}` : e.name;
    case "outer": return `outer.${e.name}`;
    case "slot": return e.name || slots[e.i] || `#${e.i + 1}`;
    case "unary": return e.op === "NOT" ? `NOT ${p(e.e)}` : `${e.op}${p(e.e)}`;
    case "bin": return `${p(e.l)} ${e.op} ${p(e.r)}`;
    case "isnull": return `${p(e.e)} IS ${e.not ? "NOT " : ""}NULL`;
    case "is": return `${p(e.l)} IS ${e.not ? "NOT " : ""}${p(e.r)}`;
    case "between": return `${p(e.e)} ${e.not ? "NOT " : ""}BETWEEN ${p(e.lo)} AND ${p(e.hi)}`;
    case "like": return `${p(e.e)} ${e.not ? "NOT " : ""}${e.glob ? "GLOB" : "LIKE"} ${p(e.pat)}`;
    case "inlist": return `${p(e.e)} ${e.not ? "NOT " : ""}IN (${e.list.map(t).join(", ")})`;
    case "insub": return `${p(e.e)} ${e.not ? "NOT " : ""}IN (subquery)`;
    case "exists": return `${e.not ? "NOT " : ""}EXISTS (subquery)`;
    case "subq": return "(subquery)";
    case "case": return "CASE ... END";
    case "cast": return `CAST(${t(e.e)} AS ${e.type})`;
    case "fn": return `${e.name}(${e.args.map(t).join(", ")})`;
    case "agg": return `${e.name}(${e.star ? "*" : (e.distinct ? "DISTINCT " : "") + e.args.map(t).join(", ")})`;
  }
}

function fmt(n: number): string {
  if (n >= 100) return String(Math.round(n));
  return String(Math.round(n * 10) / 10);
}

/** The plan text: `Query Plan:` then a tree, then the total estimated rows scanned. */
export function renderPlan(root: PNode, analyze: boolean): string {
  const names = new Map<number, string>();
  const visit = (n: PNode) => {
    if (n.op === "scan" || n.op === "indexscan" || n.op === "subscan") names.set(n.rel, n.alias);
    for (const c of children(n)) visit(c);
  };
  visit(root);
  const lines = ["Query Plan:"];
  let scanned = 0;
  const ann = (n: PNode) => {
    let s = `  (est. rows=${fmt(n.rows)}, cost=${fmt(n.cost)}`;
    if (analyze) s += `; actual rows=${n.actualRows ?? 0}, loops=${n.loops ?? 0}, time=${(n.timeMs ?? 0).toFixed(3)} ms`;
    return s + ")";
  };
  const emit = (n: PNode, prefix: string, last: boolean) => {
    const head = prefix + (last ? "└─ " : "├─ ");
    const childPrefix = prefix + (last ? "   " : "│  ");
    const kids = children(n);
    const line = (label: string) => lines.push(head + label + ann(n));
    const show = (x: BExpr) => exprText(x, names);
    switch (n.op) {
      case "scan":
      case "indexscan": {
        scanned += n.op === "scan" ? n.table.rows.length : n.cost;
        let label: string;
        if (n.op === "scan") label = `TableScan: ${n.table.name}${n.alias !== n.table.name ? " AS " + n.alias : ""}`;
        else {
          const cols = n.index.cols.map((c) => n.table.columns[c]!.name);
          const cond = n.eq.length ? n.eq.map((e, i) => `${cols[i]} = ${show(e)}`).join(" AND ")
            : [n.lo ? `${cols[0]} ${n.loInc ? ">=" : ">"} ${show(n.lo)}` : "", n.hi ? `${cols[0]} ${n.hiInc ? "<=" : "<"} ${show(n.hi)}` : ""].filter(Boolean).join(" AND ");
          label = `IndexScan: ${n.table.name}${n.alias !== n.table.name ? " AS " + n.alias : ""} USING ${n.index.name} (${cond})`;
        }
        if (n.filter.length) {
          lines.push(head + `Filter: ${n.filter.map(show).join(" AND ")}` + ann(n));
          lines.push(childPrefix + "└─ " + label);
        } else line(label);
        return;
      }
      case "subscan": line(`SubqueryScan: ${n.alias}${n.filter.length ? " filter " + n.filter.map(show).join(" AND ") : ""}`); break;
      case "values": line(`Values: ${n.tuples.length} row${n.tuples.length === 1 ? "" : "s"}`); break;
      case "empty": line("Empty"); break;
      case "modify": line(`${n.verb}: ${n.table}`); break;
      case "filter": line(`Filter: ${n.pred.map(show).join(" AND ")}`); break;
      case "hashjoin": {
        const cond = n.lkeys.map((k, i) => `${show(k)} = ${show(n.rkeys[i]!)}`).concat(n.extra.map(show)).join(" AND ");
        line(`HashJoin${n.kind === "left" ? " (LEFT)" : ""}: ${cond} (build ${n.buildLeft ? "left" : "right"})`);
        break;
      }
      case "inljoin": {
        const cols = n.index.cols.map((c) => n.right.table.columns[c]!.name);
        line(`IndexNestedLoopJoin${n.kind === "left" ? " (LEFT)" : ""}: ${n.keys.map((k, i) => `${n.right.alias}.${cols[i]} = ${show(k)}`).join(" AND ")} USING ${n.index.name}`);
        emit(n.left, childPrefix, false);
        const r = n.right;
        lines.push(childPrefix + "└─ " + `IndexLookup: ${r.table.name}${r.alias !== r.table.name ? " AS " + r.alias : ""}` + ([...n.rfilter, ...n.extra].length ? ` filter ${[...n.rfilter, ...n.extra].map(show).join(" AND ")}` : ""));
        return;
      }
      case "nljoin": line(`NestedLoopJoin${n.kind === "left" ? " (LEFT)" : ""}${n.cond.length ? ": " + n.cond.map(show).join(" AND ") : ""}`); break;
      case "agg": {
        const aggs = n.aggs.filter((a) => a.name !== "any").map((a) => `${a.name}(${a.star ? "*" : (a.distinct ? "DISTINCT " : "") + a.args.map(show).join(", ")})`);
        line(`HashAggregate${n.keys.length ? ": group by " + n.keys.map(show).join(", ") : ""}${aggs.length ? (n.keys.length ? "; " : ": ") + aggs.join(", ") : ""}`);
        break;
      }
      case "project":
        if (n.exprs.every((x) => x.k === "col")) { emit(n.child, prefix, last); return; }
        line(`Project: ${n.exprs.map(show).join(", ")}`); break;
      case "distinct": line("Distinct"); break;
      case "sort": line(`${n.topN ? "TopN" : "Sort"}: ${n.keys.map((k) => `#${(k.e as { i: number }).i + 1}${k.desc ? " DESC" : ""}`).join(", ")}${n.topN ? " limit " + show(n.topN) : ""}`); break;
      case "limit": line(`Limit: ${n.limit ? show(n.limit) : "ALL"}${n.offset ? " offset " + show(n.offset) : ""}`); break;
      case "trim": emit(n.child, prefix, last); return;
      case "setop": line(n.kind === "unionall" ? "UnionAll" : n.kind === "union" ? "Union" : n.kind === "intersect" ? "Intersect" : "Except"); break;
    }
    kids.forEach((c, i) => emit(c, childPrefix, i === kids.length - 1));
  };
  emit(root, "", true);
  lines.push(`   Estimated cost: ${Math.round(scanned)} rows scanned`);
  return lines.join("\n");
}

function children(n: PNode): PNode[] {
  switch (n.op) {
    case "hashjoin": case "nljoin": case "setop": return [n.left, n.right];
    case "inljoin": return [n.left];
    case "subscan": case "modify": case "filter": case "agg": case "project": case "distinct": case "sort": case "limit": case "trim": return [n.child];
    default: return [];
  }
}
