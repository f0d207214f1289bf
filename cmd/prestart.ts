/**
 * Work that has to start before the rest of the binary loads. gokit.ts
 * imports this module first (ES modules evaluate in import order):
 * `gokit git status` on a large repository starts its stat helper thread
 * here, so the thread has booted by the time the index has been read.
 */
import { STAT_JIT_POLICY, prestartStatHelper } from "../src/git/stat-helper.ts";

const argv = process.argv;
if (argv[2] === "git" && argv.includes("status") && prestartStatHelper(process.cwd())) Bun.unsafe.setJITPolicy(STAT_JIT_POLICY);
