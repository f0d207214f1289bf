/** `gokit httpd` as a user runs it: the binary, real curl, real signals. */
import { afterEach, expect, test } from "bun:test";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { gokitCommand, repoRoot, runGokit, tempDir } from "../support/cli.ts";
import { RawClient, statuses } from "../http/raw-client.ts";

type Proc = ReturnType<typeof Bun.spawn<"ignore", "pipe", "pipe">>;
const procs: Proc[] = [];
afterEach(() => {
  for (const p of procs.splice(0)) p.kill("SIGKILL");
});

/** Starts `gokit httpd` and resolves with its port once it prints "Server listening on :PORT". */
async function start(args: string[]): Promise<{ proc: Proc; port: number; stderr: () => Promise<string> }> {
  const proc = Bun.spawn([...gokitCommand(), "httpd", "--port", "0", ...args], {
    cwd: repoRoot,
    env: { ...process.env, NO_COLOR: "1" },
    stdin: "ignore",
    stdout: "pipe",
    stderr: "pipe",
  });
  procs.push(proc);
  const reader = proc.stdout.getReader();
  let out = "";
  while (!out.includes("\n")) {
    const { value, done } = await reader.read();
    if (done) throw new Error(`httpd exited: ${await new Response(proc.stderr).text()}`);
    out += new TextDecoder().decode(value);
  }
  reader.releaseLock();
  const m = /^Server listening on :(\d+)\n/.exec(out);
  if (!m) throw new Error(`unexpected first line: ${out}`);
  return { proc, port: Number(m[1]), stderr: () => new Response(proc.stderr).text() };
}

async function curl(...args: string[]): Promise<string> {
  const p = Bun.spawn(["curl", "-sS", ...args], { stdout: "pipe" });
  return new Response(p.stdout).text();
}

test("gokit httpd serves files and /echo, logs JSON access lines off a TTY, and exits 0 on SIGTERM", async () => {
  using dir = tempDir();
  writeFileSync(join(dir.path, "index.html"), "<p>hi</p>");
  const { proc, port, stderr } = await start(["--root", dir.path]);
  const head = await curl("-sI", `http://127.0.0.1:${port}/index.html`);
  expect(head).toContain("HTTP/1.1 200 OK");
  expect(head).toMatch(/Server: gokit\/\d+\.\d+\.\d+/);
  expect(await curl(`http://127.0.0.1:${port}/`)).toBe("<p>hi</p>");
  expect(await curl("-X", "POST", `http://127.0.0.1:${port}/echo`, "-d", '{"message": "hello"}')).toBe('{"received": {"message": "hello"}}\n');
  proc.kill("SIGTERM");
  expect(await proc.exited).toBe(0);
  const lines = (await stderr()).trim().split("\n").map((l) => JSON.parse(l));
  const requests = lines.filter((l) => l.msg === "request");
  expect(requests.map((l) => [l.method, l.target, l.status])).toEqual([["HEAD", "/index.html", 200], ["GET", "/", 200], ["POST", "/echo", 200]]);
  expect(requests[0]).toMatchObject({ level: "info", component: "httpd" });
  expect(lines.at(-1).msg).toBe("stopped");
});

test("gokit httpd drops a slow-loris client after its header timeout", async () => {
  using dir = tempDir();
  const { port } = await start(["--root", dir.path, "--header-timeout", "200ms"]);
  await using c = await RawClient.connect(port);
  c.write("GET / HTTP/1.1\r\nHost: a\r\nX-Slow: ");
  await c.waitClose();
  expect(statuses(c.text)).toEqual([408]);
  // The server is still serving.
  expect(await curl("-o", "/dev/null", "-w", "%{http_code}", `http://127.0.0.1:${port}/`)).toBe("403");
});

test("gokit httpd rejects bad flags with exit code 2", async () => {
  const r = await runGokit(["httpd", "--port", "http"]);
  expect(r.code).toBe(2);
  expect(r.stderr).toContain('invalid --port "http"');
  const cap = await runGokit(["httpd", "--port", "0", "--max-conns", "0"]);
  expect(cap.code).toBe(2);
  expect(cap.stderr).toContain('invalid --max-conns "0": want an integer ≥ 1');
  const missing = await runGokit(["httpd", "--port", "0", "--root", "/nonexistent/dir"]);
  expect(missing.code).toBe(1);
  expect(missing.stderr).toContain('root "/nonexistent/dir": no such directory');
});

test("gokit httpd --log-format pretty writes the readable access line", async () => {
  using dir = tempDir();
  writeFileSync(join(dir.path, "index.html"), "x");
  const { proc, port, stderr } = await start(["--root", dir.path, "--log-format", "pretty"]);
  expect(await curl(`http://127.0.0.1:${port}/index.html`)).toBe("x");
  proc.kill("SIGTERM");
  expect(await proc.exited).toBe(0);
  expect(await stderr()).toMatch(/^\[\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\] 127\.0\.0\.1:\d+ - GET \/index\.html - 200 - \d+ms$/m);
});

test("gokit httpd on SIGTERM finishes the request in flight, closes idle connections and exits 0 well within 10 s", async () => {
  using dir = tempDir();
  const { proc, port } = await start(["--root", dir.path]);
  await using idle = await RawClient.connect(port);
  idle.write("GET /nothing HTTP/1.1\r\nHost: a\r\n\r\n");
  await idle.responses(1);
  // The 100 (Continue) proves the handler is running and waits for the body: the exchange is in flight.
  await using busy = await RawClient.connect(port);
  const json = '{"message": "hello"}';
  busy.write(`POST /echo HTTP/1.1\r\nHost: a\r\nExpect: 100-continue\r\nContent-Length: ${json.length}\r\n\r\n`);
  await busy.until((t) => t.includes("100 Continue\r\n\r\n"));
  const signalled = Date.now();
  proc.kill("SIGTERM");
  await idle.waitClose();
  busy.write(json);
  await busy.waitClose();
  expect(statuses(busy.text)).toEqual([200]);
  expect(busy.text).toContain("Connection: close");
  expect(busy.text.endsWith('{"received": {"message": "hello"}}\n')).toBe(true);
  expect(await proc.exited).toBe(0);
  expect(Date.now() - signalled).toBeLessThan(10_000);
});

test("gokit httpd --max-conns makes room for a new client by closing an idle connection", async () => {
  using dir = tempDir();
  writeFileSync(join(dir.path, "index.html"), "ok");
  const { port } = await start(["--root", dir.path, "--max-conns", "2"]);
  await using a = await RawClient.connect(port);
  a.write("GET / HTTP/1.1\r\nHost: a\r\n\r\n");
  await a.responses(1);
  await using b = await RawClient.connect(port);
  b.write("GET / HTTP/1.1\r\nHost: a\r\n\r\n");
  await b.responses(1);
  // Both idle at the cap: the newcomer is served and the idle connection that would expire first is closed.
  expect(await curl(`http://127.0.0.1:${port}/`)).toBe("ok");
  await a.waitClose();
  expect(b.closed).toBe(false);
});
