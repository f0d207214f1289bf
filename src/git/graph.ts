/**
 * `log --graph`: lanes of ASCII art beside each commit, after Git's graph.c
 * for the common shapes (linear history, merges whose branches rejoin):
 * commit rows ("* |"), post-merge rows ("|\\"), collapsing rows ("|/") and
 * padding rows, each padded to the graph's width as Git pads them.
 */

interface Row {
  text: string;
}

function pad(s: string, width: number): string {
  return s.length >= width ? s : s + " ".repeat(width - s.length);
}

/** Renders commits (already in topological order) with their graph prefixes. */
export function renderGraph(order: string[], parentsOf: (oid: string) => string[], render: (oid: string) => string, options: { separator: boolean }): string {
  const shown = new Set(order);
  let cols: string[] = [];
  let out = "";
  // Columns that took in a lane ("/" just right of them) in the row printed last, when that row was a collapse.
  let receivers = new Set<number>();
  for (let k = 0; k < order.length; k++) {
    const oid = order[k]!;
    let idx = cols.indexOf(oid);
    if (idx < 0) {
      cols.push(oid);
      idx = cols.length - 1;
    }
    const parents = parentsOf(oid).filter((p) => shown.has(p));
    const next = [...cols.slice(0, idx), ...parents, ...cols.slice(idx + 1)];
    const width = 2 * Math.max(cols.length, next.length);
    const rows: Row[] = [];
    // graph.c: a column that just received a lane and now itself moves left is drawn "/" on the commit row.
    const firstIn = new Map<string, number>();
    next.forEach((c, k) => {
      if (!firstIn.has(c)) firstIn.set(c, k);
    });
    const shift = parents.length - 1;
    const glyph = (i: number) => {
      if (i === idx) return "*";
      const at = i < idx ? i : i + shift;
      return receivers.has(i) && firstIn.get(cols[i]!)! < at ? "/" : "|";
    };
    rows.push({ text: pad(cols.map((_, i) => glyph(i)).join(" "), width) });
    let lastReceivers = new Set<number>();
    if (parents.length > 1) {
      let s = "";
      for (let i = 0; i < idx; i++) s += "| ";
      s += "|";
      for (let p = 1; p < parents.length; p++) s += p === parents.length - 1 ? "\\" : "-";
      for (let i = idx + 1; i < cols.length; i++) s += " \\";
      rows.push({ text: pad(s, width) });
    }
    // Collapse lanes that now point at the same commit, one step per row.
    let lanes = next;
    let laneWidth = width;
    for (;;) {
      const first = new Map<string, number>();
      const moving: number[] = [];
      lanes.forEach((c, i) => {
        if (first.has(c)) moving.push(i);
        else first.set(c, i);
      });
      if (moving.length === 0) break;
      let s = "";
      const after: string[] = [];
      lastReceivers = new Set<number>();
      for (let i = 0; i < lanes.length; i++) {
        if (moving.includes(i)) {
          s = s.replace(/ $/, "") + "/ ";
          if (i > 0 && lanes[i - 1] === lanes[i]) lastReceivers.add(after.length - 1);
          continue;
        }
        s += "| ";
        after.push(lanes[i]!);
      }
      rows.push({ text: pad(s.replace(/ $/, ""), laneWidth) });
      laneWidth = 2 * after.length;
      lanes = after;
    }
    const separator = pad(cols.map(() => "|").join(" "), width);
    cols = lanes;
    const padding = pad(cols.map(() => "|").join(" "), width);
    const text = render(oid);
    const lines = text.split("\n");
    if (lines[lines.length - 1] === "") lines.pop();
    if (options.separator && k > 0) out += separator + "\n";
    for (let i = 0; i < Math.max(lines.length, rows.length); i++) {
      const prefix = rows[i]?.text ?? padding;
      const line = lines[i];
      out += prefix + (line ?? "") + "\n";
    }
    receivers = rows.length > lines.length && rows.length > 1 && rows.length > (parents.length > 1 ? 2 : 1) ? lastReceivers : new Set();
  }
  return out;
}
