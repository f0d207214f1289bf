/**
 * @module
 * Terminal output helpers shared by every subcommand: box-drawn tables,
 * progress bars (redrawn on a TTY, periodic plain lines elsewhere), display
 * width for aligning coloured, CJK and emoji text, and the colour rules
 * (TTY only, never with `NO_COLOR`).
 *
 * @example
 * import { renderTable } from "../term/index.ts";
 * console.log(renderTable([{ header: "ID" }, { header: "Task" }], [["1", "Learn Go"]]));
 */

export { renderTable, type Column, type TableOptions } from "./table.ts";
export { createProgress, formatDuration, formatRate, type Progress, type ProgressOptions, type ProgressStream } from "./progress.ts";
export { displayWidth, padEnd, padStart, truncate } from "./width.ts";
export { colorEnabled, palette, stripAnsi, type ColorTarget, type Palette } from "./color.ts";
