/**
 * The ceiling of a Bun.listen server on this machine: counts request heads
 * (each ends in CRLF CRLF) and writes a fixed 200 with a body of BYTES bytes
 * per request, one write per read, parsing and checking nothing. No real
 * server can be faster on Bun.listen; bench/http.ts runs it beside gokit and
 * nginx so the 1.5× goal can be judged against what the runtime allows.
 * Usage: bun bench/http/bare.ts PORT [BYTES]
 */
const port = Number(process.argv[2]);
const size = Number(process.argv[3] ?? 1024);
const body = new Uint8Array(size).fill(0x61);
let second = -1;
let response = new Uint8Array(0);

/** The response, rebuilt when the Date second changes (as every real server must). */
function current(): Uint8Array {
  const now = Math.floor(Date.now() / 1000);
  if (now !== second) {
    second = now;
    const head = `HTTP/1.1 200 OK\r\nContent-Type: application/octet-stream\r\nContent-Length: ${size}\r\nDate: ${new Date(now * 1000).toUTCString()}\r\nServer: bare\r\n\r\n`;
    const out = new Uint8Array(head.length + size);
    out.set(new TextEncoder().encode(head));
    out.set(body, head.length);
    response = out;
  }
  return response;
}

Bun.listen({
  hostname: "127.0.0.1",
  port,
  socket: {
    data(socket, chunk) {
      // wrk writes whole requests, so a head is never split across reads here.
      let n = 0;
      let from = 0;
      for (;;) {
        const i = chunk.indexOf("\r\n\r\n", from);
        if (i < 0) break;
        n++;
        from = i + 4;
      }
      if (n === 0) return;
      const r = current();
      if (n === 1) {
        socket.write(r);
        return;
      }
      const out = new Uint8Array(r.length * n);
      for (let k = 0; k < n; k++) out.set(r, k * r.length);
      socket.write(out);
    },
  },
});
console.log(`bare listening on ${port}`);
