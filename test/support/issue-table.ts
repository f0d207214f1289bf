/** The task table exactly as issue #2 shows it, shared by the tests that must reproduce it byte for byte. */

/** The issue's rows for its two example tasks. */
export const LEARN_ROW = "│ 1  │ Learn Go concurrency    │ HIGH     │ Jan 15 2025 │ pending  │";
export const READ_ROW = "│ 2  │ Read Learning Go book   │ MEDIUM   │ -           │ pending  │";

/** The issue's box table around `rows`, without a trailing newline. */
export function issueTable(...rows: string[]): string {
  return [
    "┌────┬─────────────────────────┬──────────┬─────────────┬──────────┐",
    "│ ID │ Task                    │ Priority │ Due         │ Status   │",
    "├────┼─────────────────────────┼──────────┼─────────────┼──────────┤",
    ...rows,
    "└────┴─────────────────────────┴──────────┴─────────────┴──────────┘",
  ].join("\n");
}
