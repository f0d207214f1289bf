/** Author and committer identities: GIT_AUTHOR_* / GIT_COMMITTER_* first, then user.name/user.email, dates now or from the environment. */
import type { Config } from "./config.ts";
import { localTz, parseGitDate } from "./dates.ts";
import { GitError } from "./errors.ts";
import type { Signature } from "./objects.ts";

const UNKNOWN = `Author identity unknown

*** Please tell me who you are.

Run

  git config --global user.email "you@example.com"
  git config --global user.name "Your Name"

to set your account's default identity.
Omit --global to set the identity only in this repository.
`;

/** The author or committer signature, as Git computes it. */
export function identity(who: "AUTHOR" | "COMMITTER", env: Record<string, string | undefined>, config: Config, now = Date.now()): Signature {
  const name = env[`GIT_${who}_NAME`] ?? config.get("user.name");
  const email = env[`GIT_${who}_EMAIL`] ?? config.get("user.email") ?? env.EMAIL;
  if (name === undefined || email === undefined) throw new GitError(`${UNKNOWN}fatal: unable to auto-detect email address`, 128);
  if (name.trim() === "") throw new GitError(`fatal: empty ident name (for <${email}>) not allowed`, 128);
  const raw = env[`GIT_${who}_DATE`];
  let time = Math.floor(now / 1000);
  let tz = localTz(time, env.TZ);
  if (raw !== undefined && raw !== "") {
    const d = parseGitDate(raw, env.TZ);
    if (!d) throw new GitError(`fatal: invalid date format: ${raw}`, 128);
    time = d.time;
    tz = d.tz;
  }
  return { name: name.replace(/[<>\n]/g, "").trim(), email: email.replace(/[<>\n]/g, "").trim(), time, tz };
}
