/**
 * `gokit git --help` names every git command gokit implements, and only
 * those: the description's list is kept by hand (the library is loaded only
 * when a command runs), so this catches a command added or removed on one
 * side only.
 */
import { expect, test } from "bun:test";
import gitCommand from "../../cmd/git.ts";
import { gitCommands } from "../../src/git/index.ts";

test("the git command's help lists exactly the implemented commands", async () => {
  const meta = typeof gitCommand.meta === "function" ? await gitCommand.meta() : await gitCommand.meta;
  const listed = /Commands: (.*)$/.exec(meta?.description ?? "")![1]!.split(", ").sort();
  expect(listed).toEqual(gitCommands().sort());
});
