/**
 * Read-only files read by someone other than root, as every user reads git's
 * packs and loose objects (mode 0444): Bun.mmap opens files for writing and
 * is refused; libc.ts opens them read-only, maps and reads them. Run as the
 * unprivileged user `nobody` (setpriv), so only where the tests run as root.
 */
import { describe, expect, test } from "bun:test";
import { chmodSync, chownSync, writeFileSync } from "node:fs";
import { resolve } from "node:path";
import { haveCommand } from "../support/require.ts";
import { tempDir } from "../support/cli.ts";

const NOBODY = 65534;
const asRoot = process.platform === "linux" && process.getuid?.() === 0 && haveCommand("setpriv");

describe.if(asRoot)("libc reads read-only files for an unprivileged user", () => {
  test("mapFile and readFile succeed where Bun.mmap is refused", () => {
    using dir = tempDir();
    chmodSync(dir.path, 0o755);
    const file = `${dir.path}/pack-0123.pack`;
    const content = Buffer.from(Array.from({ length: 10_000 }, (_, k) => (k * 7) % 256));
    writeFileSync(file, content);
    chownSync(file, NOBODY, NOBODY);
    chmodSync(file, 0o444);
    const libc = resolve(import.meta.dir, "../../src/sys/libc.ts");
    const script = `
      import { openLibc } from ${JSON.stringify(libc)};
      const path = ${JSON.stringify(file)};
      let mmap;
      try { Bun.mmap(path, { shared: false }); mmap = "mapped"; } catch (e) { mmap = e.code; }
      const lc = openLibc();
      const m = lc.mapFile(path, ${content.length});
      const r = lc.readFile(path);
      const sum = (b) => typeof b === "number" ? "errno " + b : b.length + " " + b.reduce((s, x, i) => (s + x * (i + 1)) % 1000003, 0);
      console.log(JSON.stringify({ mmap, map: sum(m), read: sum(r) }));`;
    writeFileSync(`${dir.path}/probe.ts`, script);
    chmodSync(`${dir.path}/probe.ts`, 0o644);
    const r = Bun.spawnSync(["setpriv", `--reuid=${NOBODY}`, `--regid=${NOBODY}`, "--clear-groups", process.execPath, `${dir.path}/probe.ts`], { env: { PATH: process.env.PATH ?? "", HOME: dir.path }, stderr: "pipe" });
    expect(r.stderr.toString()).toBe("");
    const want = `${content.length} ${content.reduce((s, x, i) => (s + x * (i + 1)) % 1000003, 0)}`;
    expect(JSON.parse(r.stdout.toString())).toEqual({ mmap: "EACCES", map: want, read: want });
  });
});
