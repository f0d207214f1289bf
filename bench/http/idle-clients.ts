/**
 * Opens N keep-alive connections to 127.0.0.1:PORT, makes one request on each,
 * prints "ready N" once every response is in, then holds them until stdin closes.
 * Usage: bun bench/http/idle-clients.ts PORT N PATH
 */
const [portArg, nArg, path = "/1k.bin"] = process.argv.slice(2);
const port = Number(portArg);
const n = Number(nArg);
const request = new TextEncoder().encode(`GET ${path} HTTP/1.1\r\nHost: bench\r\n\r\n`);
const sockets: unknown[] = [];
let ready = 0;

async function open(): Promise<void> {
  let seen = 0;
  let done!: () => void;
  const answered = new Promise<void>((r) => (done = r));
  const socket = await Bun.connect({
    hostname: "127.0.0.1",
    port,
    socket: {
      data(_s, chunk) {
        seen += chunk.length;
        if (seen >= 1024) done();
      },
      error() {},
    },
  });
  socket.write(request);
  await answered;
  sockets.push(socket);
  ready++;
}

const BATCH = 250;
for (let i = 0; i < n; i += BATCH) await Promise.all(Array.from({ length: Math.min(BATCH, n - i) }, open));
console.log(`ready ${ready}`);
for await (const _ of Bun.stdin.stream()) {
  // hold until stdin closes
}
export {};
