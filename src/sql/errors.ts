/** SQLite-style errors with the position of the offending token. */

/** An error from parsing, binding or executing SQL; message is SQLite's wording without "Error: ". */
export class SqlError extends Error {
  /** Stable code: ERR_SQL_SYNTAX, ERR_SQL_NAME, ERR_SQL_CONSTRAINT, ERR_SQL_RUNTIME, ERR_SQL_UNSUPPORTED. */
  code: string;
  /** 1-based line of the offending token (0 when not positional). */
  line: number;
  /** 1-based column of the offending token (0 when not positional). */
  column: number;
  /** The `near "X"` token text for syntax errors, else undefined. */
  near: string | undefined;
  constructor(message: string, opts: { code?: string; line?: number; column?: number; near?: string } = {}) {
    super(message);
    this.name = "SqlError";
    this.code = opts.code ?? "ERR_SQL";
    this.line = opts.line ?? 0;
    this.column = opts.column ?? 0;
    this.near = opts.near;
  }
}

/** `Error: near "FORM" at line 1, column 10: syntax error`; non-positional errors read `Error: no such table: user`. */
export function formatSqlError(e: SqlError): string {
  if (e.line <= 0) return `Error: ${e.message}`;
  const pos = `at line ${e.line}, column ${e.column}`;
  if (e.near !== undefined && e.message.startsWith(`near "${e.near}": `)) {
    return `Error: near "${e.near}" ${pos}: ${e.message.slice(e.near.length + 9)}`;
  }
  return `Error: ${pos}: ${e.message}`;
}

/** A syntax error at a token. */
export function syntaxError(text: string, line: number, column: number): SqlError {
  return new SqlError(`near "${text}": syntax error`, { code: "ERR_SQL_SYNTAX", line, column, near: text });
}
