/** `parseStream`: drives a `JsonStreamParser` from an async source, with back-pressure. */
import { JsonStreamParser, type JsonVisitor, type StreamOptions } from "./stream.ts";

/** A source of chunks: any async iterable of bytes or text (a `ReadableStream` is one). */
export type ChunkSource = AsyncIterable<Uint8Array | string> | ReadableStream<Uint8Array | string>;

/**
 * Parses a whole stream, awaiting the visitor's promises before pulling the next chunk.
 * @example await parseStream(Bun.file("big.json").stream(), { value() { count++ } })
 */
export async function parseStream(source: ChunkSource, visitor: JsonVisitor, options: StreamOptions & { signal?: AbortSignal } = {}): Promise<void> {
  const parser = new JsonStreamParser(visitor, options);
  options.signal?.throwIfAborted();
  for await (const chunk of source as AsyncIterable<Uint8Array | string>) {
    options.signal?.throwIfAborted();
    const r = parser.write(chunk);
    if (r) await r;
  }
  const r = parser.end();
  if (r) await r;
}
