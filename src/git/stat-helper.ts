/**
 * A second thread for status's stat calls. git spreads its lstat calls over
 * threads (preload-index); a Bun Worker takes a few milliseconds to start, so
 * the command line starts it first thing (`prestartStatHelper`) and the scan
 * hands it chunks once the index is read (stat-scan.ts). Without a helper
 * the main thread simply scans everything.
 */
import { dirname, kindOf } from "../sys/index.ts";
export { STAT_JIT_POLICY } from "./stat-policy.ts";

/** Index files at least this large (about 4,000 entries) are worth a second thread. */
const MIN_INDEX_BYTES = 320_000;


let helper: Worker | undefined;
/** What became of the helper: "ready" once its module has loaded, or why it failed. */
let state: Promise<string> | undefined;

/** The running helper, if one was started. */
export function statHelper(): Worker | undefined {
  return helper;
}

/**
 * Starts the helper (once); false when this platform or runtime cannot.
 * Should it fail to load, status simply scans on the main thread.
 */
export function startStatHelper(): boolean {
  if (helper) return true;
  if (process.platform !== "linux" || process.env.GOKIT_GIT_NO_STATX || process.env.GOKIT_GIT_NO_HELPER) return false;
  try {
    // In the compiled binary entry points sit under the build's root (/$bunfs/root/src/git/…).
    const w = new Worker(import.meta.url.includes("/$bunfs/") ? "./src/git/stat-worker.ts" : new URL("./stat-worker.ts", import.meta.url).href);
    w.unref();
    state = new Promise((resolve) => {
      w.addEventListener("message", () => resolve("ready"), { once: true });
      w.addEventListener("error", (e) => {
        if (helper === w) helper = undefined;
        resolve(`failed: ${e.message}`);
      });
    });
    helper = w;
    return true;
  } catch (e) {
    state = Promise.resolve(`failed: ${(e as Error).message}`);
    return false;
  }
}

/** For diagnostics (GOKIT_DEBUG): the helper's state once it is known (waiting at most `timeoutMs`), or undefined when none was started. */
export async function statHelperState(timeoutMs = 2000): Promise<string | undefined> {
  if (!state) return undefined;
  let timer: Timer | undefined;
  const timeout = new Promise<string>((resolve) => (timer = setTimeout(() => resolve("no answer"), timeoutMs)));
  try {
    return await Promise.race([state, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Starts the helper when the repository around `cwd` (the nearest `.git`
 * upwards) has a large index; a small repository is faster on one thread.
 * True when the helper runs.
 */
export function prestartStatHelper(cwd: string): boolean {
  for (let dir = cwd; ; dir = dirname(dir)) {
    // Bun.file's size is one stat call (0 when there is no index).
    if (kindOf(`${dir}/.git`)) return Bun.file(`${dir}/.git/index`).size >= MIN_INDEX_BYTES && startStatHelper();
    if (dirname(dir) === dir) return false;
  }
}
