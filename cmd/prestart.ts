/**
 * Work that has to start before the rest of the binary loads. gokit.ts
 * imports this module first (ES modules evaluate in import order):
 * `gokit git status` (checkout, switch) on a large repository starts its stat helper thread
 * here, so the thread has booted by the time the index has been read.
 */
import { resolve } from "../src/sys/index.ts";
import { STAT_JIT_POLICY, prestartStatHelper } from "../src/git/stat-helper.ts";

const argv = process.argv;
// The git command: the first word after "git" that is not an option or the value of -C/-c.
const sub = argv[2] === "git" ? argv.slice(3).find((a, i, rest) => !a.startsWith("-") && rest[i - 1] !== "-C" && rest[i - 1] !== "-c") : undefined;
// status scans every index entry; checkout and switch end with the same scan for their list of local changes.
// The repository is looked for where git would look: the working directory, moved by each -C before the command.
let cwd = process.cwd();
for (let i = 3; i < argv.length && argv[i] !== sub; i++) if (argv[i] === "-C" && argv[i + 1] !== undefined) cwd = resolve(cwd, argv[++i]!);
// A plain `git diff` (the work tree against the index: no revisions, paths or --cached) scans the same way.
const rest = sub === undefined ? [] : argv.slice(argv.indexOf(sub) + 1);
const worktreeDiff = sub === "diff" && !rest.some((a) => !a.startsWith("-") || a === "--cached" || a === "--staged" || a === "--no-index");
if ((sub === "status" || sub === "checkout" || sub === "switch" || worktreeDiff) && prestartStatHelper(cwd)) Bun.unsafe.setJITPolicy(STAT_JIT_POLICY);
