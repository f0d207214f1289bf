/**
 * @module
 * A SQL query engine: SQL text → tokens → AST → bound plan → optimised physical plan → push-based execution over
 * in-memory row storage with ordered indexes, transactions, and a snapshot + write-ahead-log file format.
 *
 * @example
 * const db = new Database();
 * db.exec("CREATE TABLE users (id INT, name TEXT, age INT); INSERT INTO users VALUES (1, 'Alice', 30)");
 * db.query("SELECT name FROM users WHERE age > 27"); // { columns: ["name"], rows: [["Alice"]] }
 */
export { Database, type DatabaseOptions, type QueryResult, type StatementResult } from "./database.ts";
export { SqlError, formatSqlError } from "./errors.ts";
export { isComplete } from "./lexer.ts";
export type { SType, SqlValue } from "./values.ts";
