/**
 * Character-set detection for HTML (WHATWG encoding sniffing, simplified):
 * a BOM, else the Content-Type charset, else a `<meta charset>` or
 * `<meta http-equiv="content-type">` in the first 1024 bytes, else UTF-8.
 */

/** The charset named by a Content-Type header value, if any. */
export function charsetOfContentType(contentType: string | null): string | undefined {
  const m = /;\s*charset\s*=\s*"?([^";\s]+)/i.exec(contentType ?? "");
  return m?.[1]?.toLowerCase();
}

/** The charset declared by a `<meta>` tag in the first 1024 bytes, if any. */
export function charsetOfMeta(bytes: Uint8Array): string | undefined {
  const head = new TextDecoder("latin1").decode(bytes.subarray(0, 1024));
  const m = /<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_:.\-]+)/i.exec(head);
  return m?.[1]?.toLowerCase();
}

function decoderFor(label: string | undefined): TextDecoder | undefined {
  if (label === undefined) return undefined;
  try {
    return new TextDecoder(label as never);
  } catch {
    return undefined;
  }
}

/** Decodes an HTML body to text by its declared charset (UTF-8 when none is known or the label is unknown). */
export function decodeHtml(bytes: Uint8Array, contentType: string | null): string {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return new TextDecoder("utf-8").decode(bytes);
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return new TextDecoder("utf-16be").decode(bytes);
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return new TextDecoder("utf-16le").decode(bytes);
  const decoder = decoderFor(charsetOfContentType(contentType)) ?? decoderFor(charsetOfMeta(bytes)) ?? new TextDecoder("utf-8");
  return decoder.decode(bytes);
}
