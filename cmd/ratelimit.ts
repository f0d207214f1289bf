/**
 * `gokit ratelimit`: rate-limiting algorithms (src/ratelimit) to try by hand.
 * `demo` sends requests through one algorithm, or each in turn, and prints
 * every decision as it happens; a refused request waits its retry time.
 */
import type { ArgsDef } from "citty";
import { defineCommand } from "./cli.ts";
import { UsageError, print, printJson, stdoutPalette } from "./io.ts";

const demoArgs = {
  algorithm: {
    type: "string",
    valueHint: "NAME",
    default: "token-bucket",
    description: "token-bucket, sliding-window, sliding-log, leaky-bucket, fixed-window or all",
  },
  rate: { type: "string", valueHint: "N", default: "10", description: "Requests per second" },
  burst: { type: "string", valueHint: "N", default: "5", description: "Largest burst (bucket size, or requests per window)" },
  requests: { type: "string", valueHint: "N", default: "8", description: "Requests to send" },
  interval: { type: "string", valueHint: "MS", default: "0", description: "Pause after each allowed request, in ms" },
  "fake-clock": { type: "boolean", description: "Simulated time: waits advance a fake clock (instant, reproducible output)" },
  json: { type: "boolean", description: "Print the decisions as JSON" },
} as const satisfies ArgsDef;

function number(flag: string, value: string, opts: { integer?: boolean; zero?: boolean; max?: number }): number {
  const n = Number(value);
  const ok = value.trim() !== "" && Number.isFinite(n) && (opts.zero ? n >= 0 : n > 0) && (!opts.integer || Number.isInteger(n));
  if (!ok || n > (opts.max ?? Infinity)) {
    const want = `${opts.integer ? "an integer" : "a number"} ${opts.zero ? "≥ 0" : "> 0"}${opts.max ? ` and ≤ ${opts.max}` : ""}`;
    throw new UsageError(`invalid --${flag} "${value}": want ${want}`);
  }
  return n;
}

export default defineCommand({
  meta: { name: "ratelimit", description: "Rate-limiting algorithms: try them with a live demo" },
  default: "demo",
  subCommands: {
    demo: defineCommand({
      meta: { name: "demo", description: "Send requests through a limiter and print each decision in real time" },
      args: demoArgs,
      run: async ({ args }) => {
        const lib = await import("../src/ratelimit/index.ts");
        const name = String(args.algorithm);
        if (name !== "all" && !lib.isAlgorithm(name)) {
          throw new UsageError(`invalid --algorithm "${name}": want ${lib.ALGORITHMS.join(", ")} or all`);
        }
        const rate = number("rate", args.rate, { max: 1e9 });
        const burst = number("burst", args.burst, { integer: true, max: 1e6 });
        const requests = number("requests", args.requests, { integer: true, max: 1e6 });
        const intervalMs = number("interval", args.interval, { zero: true, max: 3_600_000 });
        const algorithms = name === "all" ? [...lib.ALGORITHMS] : [name as (typeof lib.ALGORITHMS)[number]];
        const { FakeClock } = await import("../src/runtime/index.ts");
        const json = args.json === true;
        const p = await stdoutPalette();
        const steps = [];
        for (const [i, algorithm] of algorithms.entries()) {
          if (!json && algorithms.length > 1) {
            await print(`${i > 0 ? "\n" : ""}${p.bold(lib.demoHeading(algorithm, rate, burst))}`);
          }
          const clock = args["fake-clock"] === true ? new FakeClock() : undefined;
          const options = { algorithm, rate, burst, requests, intervalMs, clock };
          steps.push(...(await lib.runDemo(options, json ? undefined : (s) => print(lib.formatStep(s, p)))));
        }
        if (json) await printJson(steps);
      },
    }),
  },
});
