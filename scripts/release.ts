/**
 * Builds release binaries for every supported platform with `bun build --compile`
 * and writes dist/SHA256SUMS (sha256sum format) for them.
 * Usage: bun scripts/release.ts [--commit SHA] [--out dist]
 */
import { basename, join } from "node:path";
import { mkdirSync, writeFileSync } from "node:fs";
import { parseArgs } from "node:util";

const { values } = parseArgs({ options: { commit: { type: "string" }, out: { type: "string", default: "dist" } } });
const targets = [
  ["bun-linux-x64", "gokit-linux-x64"],
  ["bun-linux-arm64", "gokit-linux-arm64"],
  ["bun-darwin-x64", "gokit-darwin-x64"],
  ["bun-darwin-arm64", "gokit-darwin-arm64"],
  ["bun-windows-x64", "gokit-windows-x64.exe"],
] as const;

const out = values.out!;
mkdirSync(out, { recursive: true });
const sums: string[] = [];
for (const [target, name] of targets) {
  const file = join(out, name);
  const args = ["build", "--compile", "--splitting", "--bytecode", "--format=esm", "--minify", "--no-compile-autoload-dotenv", "--no-compile-autoload-bunfig", `--target=${target}`, "--define", `GOKIT_COMMIT=${JSON.stringify(values.commit ?? "")}`, "cmd/gokit.ts", "src/git/stat-worker.ts", "--outfile", file];
  const r = Bun.spawnSync([process.execPath, ...args], { stdout: "inherit", stderr: "inherit" });
  if (r.exitCode !== 0) {
    console.error(`release: build for ${target} failed (exit ${r.exitCode})`);
    process.exit(1);
  }
  const hasher = new Bun.CryptoHasher("sha256");
  hasher.update(await Bun.file(file).arrayBuffer());
  sums.push(`${hasher.digest("hex")}  ${basename(file)}`);
}
writeFileSync(join(out, "SHA256SUMS"), sums.join("\n") + "\n");
console.log(`release: ${targets.length} binaries and SHA256SUMS in ${out}/`);
