/**
 * `log --graph`: a port of Git's graph.c state machine (columns, mapping,
 * commit / post-merge / collapsing / padding rows, merge layouts and
 * horizontal edges), without colours, so the ASCII art is Git's byte for byte.
 */

const enum State {
  Padding,
  Skip,
  PreCommit,
  Commit,
  PostMerge,
  Collapsing,
}

const MERGE_CHARS = ["/", "|", "\\"];

/** Git's struct git_graph, for one log walk. */
class Graph {
  commit = "";
  parents: string[] = [];
  width = 0;
  expansionRow = 0;
  state = State.Padding;
  prevState = State.Padding;
  commitIndex = 0;
  prevCommitIndex = 0;
  mergeLayout = 0;
  edgesAdded = 0;
  prevEdgesAdded = 0;
  columns: string[] = [];
  newColumns: string[] = [];
  mapping: number[] = [];
  oldMapping: number[] = [];
  mappingSize = 0;

  constructor(private readonly parentsOf: (oid: string) => string[]) {}

  /** The columns, plus the commit itself at the end when no child put it in one (graph.c loops to num_columns inclusive). */
  private visibleColumns(): string[] {
    return this.columns.includes(this.commit) ? this.columns : [...this.columns, this.commit];
  }

  private setState(s: State): void {
    this.prevState = this.state;
    this.state = s;
  }

  private findNew(commit: string): number {
    return this.newColumns.indexOf(commit);
  }

  private insertIntoNewColumns(commit: string, idx: number): void {
    let i = this.findNew(commit);
    if (i < 0) {
      i = this.newColumns.length;
      this.newColumns.push(commit);
    }
    let mappingIdx: number;
    if (this.parents.length > 1 && idx > -1 && this.mergeLayout === -1) {
      const dist = idx - i;
      const shift = dist > 1 ? 2 * dist - 3 : 1;
      this.mergeLayout = dist > 0 ? 0 : 1;
      this.edgesAdded = this.parents.length + this.mergeLayout - 2;
      mappingIdx = this.width + (this.mergeLayout - 1) * shift;
      this.width += 2 * this.mergeLayout;
    } else if (this.edgesAdded > 0 && i === this.mapping[this.width - 2]) {
      mappingIdx = this.width - 2;
      this.edgesAdded = -1;
    } else {
      mappingIdx = this.width;
      this.width += 2;
    }
    this.mapping[mappingIdx] = i;
  }

  private updateColumns(): void {
    this.columns = this.newColumns;
    this.newColumns = [];
    const maxNew = this.columns.length + this.parents.length;
    this.mappingSize = 2 * maxNew;
    this.mapping = new Array(this.mappingSize).fill(-1);
    this.width = 0;
    this.prevEdgesAdded = this.edgesAdded;
    this.edgesAdded = 0;
    for (const [i, c] of this.visibleColumns().entries()) {
      if (c === this.commit) {
        this.commitIndex = i;
        this.mergeLayout = -1;
        for (const p of this.parents) this.insertIntoNewColumns(p, i);
        if (this.parents.length === 0) this.width += 2;
      } else this.insertIntoNewColumns(c, -1);
    }
    while (this.mappingSize > 1 && this.mapping[this.mappingSize - 1]! < 0) this.mappingSize--;
  }

  /** graph_update: the next commit to show. */
  update(commit: string, shown: Set<string>): void {
    this.commit = commit;
    this.parents = [...new Set(this.parentsOf(commit).filter((p) => shown.has(p)))];
    this.prevCommitIndex = this.commitIndex;
    this.updateColumns();
    this.expansionRow = 0;
    if (this.state !== State.Padding) this.state = State.Skip;
    else if (this.parents.length >= 3 && this.commitIndex < this.columns.length - 1 && this.expansionRow < (this.parents.length - 2) * 2) this.state = State.PreCommit;
    else this.state = State.Commit;
  }

  private mappingCorrect(): boolean {
    for (let i = 0; i < this.mappingSize; i++) {
      const t = this.mapping[i]!;
      if (t >= 0 && t !== Math.floor(i / 2)) return false;
    }
    return true;
  }

  private pad(line: string): string {
    return line.length < this.width ? line + " ".repeat(this.width - line.length) : line;
  }

  private paddingRow(): string {
    let s = "";
    for (let i = 0; i < this.newColumns.length; i++) s += "| ";
    return s;
  }

  private preCommitRow(): string {
    let s = "";
    let seen = false;
    for (let i = 0; i < this.columns.length; i++) {
      if (this.columns[i] === this.commit) {
        seen = true;
        s += "|" + " ".repeat(this.expansionRow);
      } else if (seen && this.expansionRow === 0) {
        s += this.prevState === State.PostMerge && this.prevCommitIndex < i ? "\\ " : "| ";
      } else if (seen && this.expansionRow > 0) s += "\\ ";
      else s += "| ";
    }
    this.expansionRow++;
    if (this.expansionRow >= (this.parents.length - 2) * 2) this.setState(State.Commit);
    return s;
  }

  private commitRow(): string {
    let s = "";
    let seen = false;
    for (const [i, c] of this.visibleColumns().entries()) {
      if (c === this.commit) {
        seen = true;
        s += "*";
        // Octopus (graph_draw_octopus_merge): "-" pairs towards the parents beyond two, the last ending in ".".
        for (let k = 0; k < this.parents.length - 2; k++) s += k === this.parents.length - 3 ? "-." : "--";
      } else if (seen && this.edgesAdded > 1) s += "\\";
      else if (seen && this.edgesAdded === 1) {
        s += this.prevState === State.PostMerge && this.prevEdgesAdded > 0 && this.prevCommitIndex < i ? "\\" : "|";
      } else if (this.prevState === State.Collapsing && this.oldMapping[2 * i + 1] === i && this.mapping[2 * i]! < i) s += "/";
      else s += "|";
      s += " ";
    }
    if (this.parents.length > 1) this.setState(State.PostMerge);
    else if (this.mappingCorrect()) this.setState(State.Padding);
    else this.setState(State.Collapsing);
    return s;
  }

  private postMergeRow(): string {
    let s = "";
    let seen = false;
    let parentCol = false;
    const first = this.parents[0];
    for (const [i, c] of this.visibleColumns().entries()) {
      if (c === this.commit) {
        seen = true;
        let idx = this.mergeLayout;
        for (let j = 0; j < this.parents.length; j++) {
          s += MERGE_CHARS[idx]!;
          if (idx === 2) {
            if (this.edgesAdded > 0 || j < this.parents.length - 1) s += " ";
          } else idx++;
        }
        if (this.edgesAdded === 0) s += " ";
      } else if (seen) {
        s += this.edgesAdded > 0 ? "\\" : "|";
        s += " ";
      } else {
        s += "|";
        if (this.mergeLayout !== 0 || i !== this.commitIndex - 1) s += parentCol ? "_" : " ";
      }
      if (c === first) parentCol = true;
    }
    if (this.mappingCorrect()) this.setState(State.Padding);
    else this.setState(State.Collapsing);
    return s;
  }

  private collapsingRow(): string {
    let usedHorizontal = false;
    let horizontalEdge = -1;
    let horizontalEdgeTarget = -1;
    const newMapping = new Array(this.mappingSize).fill(-1);
    for (let i = 0; i < this.mappingSize; i++) {
      const target = this.mapping[i]!;
      if (target < 0) continue;
      if (target * 2 === i) newMapping[i] = target;
      else if (newMapping[i - 1] < 0) {
        newMapping[i - 1] = target;
        if (horizontalEdge === -1) {
          horizontalEdge = i;
          horizontalEdgeTarget = target;
          for (let j = target * 2 + 3; j < i - 2; j += 2) newMapping[j] = target;
        }
      } else if (newMapping[i - 1] === target) {
        // Joins the branch line just to its left.
      } else {
        newMapping[i - 2] = target;
        if (horizontalEdge === -1) {
          horizontalEdge = i;
          horizontalEdgeTarget = target - 1;
          for (let j = target * 2 + 3; j < i - 2; j += 2) newMapping[j] = target;
        }
      }
    }
    if (newMapping[this.mappingSize - 1] < 0) this.mappingSize--;
    let s = "";
    for (let i = 0; i < this.mappingSize; i++) {
      const target = newMapping[i];
      if (target < 0) s += " ";
      else if (target * 2 === i) s += "|";
      else if (target === horizontalEdgeTarget && i !== horizontalEdge - 1) {
        if (i !== target * 2 + 3) newMapping[i] = -1;
        usedHorizontal = true;
        s += "_";
      } else {
        if (usedHorizontal && i < horizontalEdge) newMapping[i] = -1;
        s += "/";
      }
    }
    this.mapping = newMapping;
    // What the commit row after a collapse consults (graph.c keeps the last collapse's mapping).
    this.oldMapping = newMapping;
    if (this.mappingCorrect()) this.setState(State.Padding);
    return s;
  }

  /** graph_next_line: one row of graph; true when it was the commit's own row. */
  nextLine(): { text: string; commitLine: boolean } {
    let text: string;
    let commitLine = false;
    switch (this.state) {
      case State.Padding:
        text = this.paddingRow();
        break;
      case State.Skip:
        text = "...";
        this.setState(State.PreCommit);
        break;
      case State.PreCommit:
        text = this.preCommitRow();
        break;
      case State.Commit:
        text = this.commitRow();
        commitLine = true;
        break;
      case State.PostMerge:
        text = this.postMergeRow();
        break;
      case State.Collapsing:
        text = this.collapsingRow();
        break;
    }
    return { text: this.pad(text), commitLine };
  }

  /** graph_padding_line: the separator row before a commit's row (medium format). */
  paddingLine(): string {
    if (this.state !== State.Commit) return this.nextLine().text;
    let s = "";
    for (let i = 0; i < this.columns.length; i++) s += this.columns[i] === this.commit && this.parents.length > 2 ? "|" + " ".repeat((this.parents.length - 2) * 2) : "| ";
    this.prevState = State.Padding;
    return this.pad(s);
  }

  /** True when the commit's rows are all out. */
  finished(): boolean {
    return this.state === State.Padding;
  }
}

/** Renders commits (already in topological order) with their graph prefixes, as `git log --graph` prints them. */
export function renderGraph(order: string[], parentsOf: (oid: string) => string[], render: (oid: string) => string, options: { separator: boolean }): string {
  const shown = new Set(order);
  const g = new Graph(parentsOf);
  let out = "";
  for (let k = 0; k < order.length; k++) {
    const oid = order[k]!;
    g.update(oid, shown);
    if (options.separator && k > 0) out += g.paddingLine() + "\n";
    // Rows up to and including the commit's own row.
    for (;;) {
      const r = g.nextLine();
      out += r.text;
      if (r.commitLine) break;
      out += "\n";
    }
    const text = render(oid);
    const terminated = text.endsWith("\n");
    const lines = (terminated ? text.slice(0, -1) : text).split("\n");
    out += lines[0];
    for (let i = 1; i < lines.length; i++) out += "\n" + g.nextLine().text + lines[i];
    if (!g.finished()) {
      out += "\n";
      const rest: string[] = [];
      while (!g.finished()) rest.push(g.nextLine().text);
      out += rest.join("\n");
    }
    out += "\n";
  }
  return out;
}
