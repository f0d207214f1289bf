/**
 * Racy git when writing the index (read-cache.c's ce_smudge_racily_clean_entry):
 * a file changed within the same second as the index that recorded it, keeping
 * its size, is only known to be dirty by that index's timestamp. A command that
 * rewrites the index must smudge such an entry (size 0), or the new, younger
 * index vouches for the changed file and every reader, real git included,
 * takes it for clean. Times are set with touch, and ctime is not trusted, so
 * nothing depends on the clock.
 */
import { describe, expect, test } from "bun:test";
import { haveCommand } from "../support/require.ts";
import { Twin } from "./support.ts";

describe.if(haveCommand("git"))("racy entries when the index is rewritten", () => {
  for (const command of [["add", "other"], ["restore", "other"], ["commit", "-qm", "two", "--", "other"], ["commit", "-qam", "all"], ["status", "--porcelain"], ["reset", "-q", "other"]]) {
    test(`${command.join(" ")} keeps a same-second, same-size change visible`, async () => {
      using t = new Twin();
      await t.both(["init", "-q"]);
      t.sh("git config core.trustctime false && echo t > f && echo x > other && touch -d @1700000000 f && git add f other && git commit -qm one");
      // The index is as old as f's entry, f changes without changing size or mtime, other changes for the command to act on.
      t.sh("touch -d @1700000000 .git/index && echo q > f && touch -d @1700000000 f && echo y > other");
      if (command[0] === "restore" || command[0] === "reset") t.sh("git add other");
      const r = await t.both(command);
      expect({ command, ...r.ours }).toEqual({ command, ...r.real });
      for (const args of [["status", "--porcelain"], ["diff", "--stat"]]) {
        expect({ command, args, out: t.gitOnOurs(args).stdout }).toEqual({ command, args, out: t.realGit(args).stdout });
        const ours = await t.both(args);
        expect({ command, args, out: ours.ours.stdout }).toEqual({ command, args, out: t.realGit(args).stdout });
      }
    });
  }
});
