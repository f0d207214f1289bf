/**
 * Generation numbers from a repository's commit-graph (gitformat-commit-graph):
 * objects/info/commit-graph, or else the chain listed in
 * objects/info/commit-graphs/commit-graph-chain (base layer first). A
 * commit's generation is its corrected commit date when every layer has the
 * GDAT chunk (its CDAT date plus the offset, or the GDO2 overflow entry), else
 * its topological level from CDAT; commits outside the graph have none
 * (git's GENERATION_NUMBER_INFINITY). core.commitGraph=false turns it off.
 */
import { nodeFs } from "../sys/index.ts";
import type { Repository } from "./repo.ts";

const OVERFLOW = 0x80000000;

interface Layer {
  data: Buffer;
  chunks: Map<string, number>;
  count: number;
}

function readLayer(path: string): Layer | undefined {
  let data: Buffer;
  try {
    data = nodeFs().readFileSync(path) as Buffer;
  } catch {
    return undefined;
  }
  if (data.length < 8 || data.toString("latin1", 0, 4) !== "CGPH" || data[4] !== 1 || data[5] !== 1) return undefined;
  const chunks = new Map<string, number>();
  for (let k = 0; k < data[6]!; k++) {
    const at = 8 + k * 12;
    chunks.set(data.toString("latin1", at, at + 4), Number(data.readBigUInt64BE(at + 4)));
  }
  const fanout = chunks.get("OIDF");
  if (fanout === undefined || !chunks.has("OIDL") || !chunks.has("CDAT")) return undefined;
  return { data, chunks, count: data.readUInt32BE(fanout + 255 * 4) };
}

/** A repository's commit-graph, read once. */
export class CommitGraph {
  private constructor(
    private readonly layers: Layer[],
    private readonly corrected: boolean,
  ) {}

  /** The graph of `repo`, or undefined when it has none (or core.commitGraph is off). */
  static open(repo: Repository): CommitGraph | undefined {
    if (!repo.config.getBool("core.commitgraph", true)) return undefined;
    const info = repo.path("objects/info");
    const single = readLayer(`${info}/commit-graph`);
    let layers: Layer[] = [];
    if (single) layers = [single];
    else {
      let chain: string[] = [];
      try {
        chain = nodeFs().readFileSync(`${info}/commit-graphs/commit-graph-chain`, "utf8").split("\n").filter((l) => /^[0-9a-f]{40}$/.test(l));
      } catch {}
      for (const hash of chain) {
        const layer = readLayer(`${info}/commit-graphs/graph-${hash}.graph`);
        if (!layer) break;
        layers.push(layer);
      }
    }
    if (!layers.length) return undefined;
    return new CommitGraph(layers, layers.every((l) => l.chunks.has("GDAT")));
  }

  /** The generation number of a commit in the graph, undefined for one outside it. */
  generation(oid: string): number | undefined {
    const want = Buffer.from(oid, "hex");
    for (const layer of this.layers) {
      const { data, chunks } = layer;
      const fanout = chunks.get("OIDF")!;
      const lookup = chunks.get("OIDL")!;
      let lo = want[0]! === 0 ? 0 : data.readUInt32BE(fanout + (want[0]! - 1) * 4);
      let hi = data.readUInt32BE(fanout + want[0]! * 4);
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        const cmp = data.compare(want, 0, 20, lookup + mid * 20, lookup + mid * 20 + 20);
        if (cmp === 0) return this.entryGeneration(layer, mid);
        if (cmp > 0) hi = mid;
        else lo = mid + 1;
      }
    }
    return undefined;
  }

  private entryGeneration({ data, chunks }: Layer, index: number): number | undefined {
    const entry = chunks.get("CDAT")! + index * 36;
    const word = data.readUInt32BE(entry + 28);
    if (!this.corrected) return word >>> 2 || undefined;
    const date = (word & 3) * 2 ** 32 + data.readUInt32BE(entry + 32);
    const offset = data.readUInt32BE(chunks.get("GDAT")! + index * 4);
    if (!(offset & OVERFLOW)) return date + offset;
    const overflow = chunks.get("GDO2");
    if (overflow === undefined) return undefined;
    return date + Number(data.readBigUInt64BE(overflow + 8 * (offset ^ OVERFLOW)));
  }
}
