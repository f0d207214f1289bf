/** The syntax tree produced by the parser. Positions point at the first token of a node. */

/** Source position (1-based). */
export interface Pos { line: number; col: number }

/** Expressions. */
export type Expr =
  | { k: "lit"; v: import("./values.ts").SqlValue; real?: boolean; pos: Pos }
  | { k: "col"; table: string | undefined; name: string; pos: Pos; /** written "double-quoted": a string if no column matches (SQLite's DQS rule) */ dq?: boolean }
  | { k: "star"; table: string | undefined; pos: Pos }
  | { k: "unary"; op: "-" | "+" | "NOT" | "~"; e: Expr; pos: Pos }
  | { k: "bin"; op: string; l: Expr; r: Expr; pos: Pos }
  | { k: "isnull"; e: Expr; not: boolean; pos: Pos }
  | { k: "is"; l: Expr; r: Expr; not: boolean; pos: Pos }
  | { k: "between"; e: Expr; lo: Expr; hi: Expr; not: boolean; pos: Pos }
  | { k: "like"; e: Expr; pat: Expr; esc: Expr | undefined; not: boolean; glob: boolean; pos: Pos }
  | { k: "inlist"; e: Expr; list: Expr[]; not: boolean; pos: Pos }
  | { k: "insub"; e: Expr; sub: Select; not: boolean; pos: Pos }
  | { k: "exists"; sub: Select; not: boolean; pos: Pos }
  | { k: "subq"; sub: Select; pos: Pos }
  | { k: "case"; base: Expr | undefined; whens: { when: Expr; then: Expr }[]; else: Expr | undefined; pos: Pos }
  | { k: "cast"; e: Expr; type: string; pos: Pos }
  | { k: "fn"; name: string; args: Expr[]; distinct: boolean; star: boolean; pos: Pos; sep?: Expr };

/** A FROM item. */
export type FromItem =
  | { k: "table"; name: string; alias: string | undefined; pos: Pos }
  | { k: "sub"; sub: Select; alias: string | undefined; pos: Pos }
  | { k: "join"; kind: "inner" | "left" | "cross"; l: FromItem; r: FromItem; on: Expr | undefined; using: string[] | undefined; natural: boolean; pos: Pos };

/** One ORDER BY term. */
export interface OrderTerm { e: Expr; desc: boolean; nulls: "first" | "last" | undefined }

/** A simple SELECT core. */
export interface SelectCore {
  k: "core";
  distinct: boolean;
  cols: { e: Expr; alias: string | undefined; text: string }[];
  from: FromItem | undefined;
  where: Expr | undefined;
  groupBy: Expr[];
  having: Expr | undefined;
  pos: Pos;
}

/** VALUES (…), (…) as a query. */
export interface ValuesCore { k: "values"; rows: Expr[][]; pos: Pos }

/** A compound or simple query with ORDER BY / LIMIT. */
export interface Select {
  k: "select";
  body: SelectCore | ValuesCore | Compound;
  orderBy: OrderTerm[];
  limit: Expr | undefined;
  offset: Expr | undefined;
  pos: Pos;
}

/** UNION [ALL] / INTERSECT / EXCEPT. */
export interface Compound { k: "compound"; op: "union" | "unionall" | "intersect" | "except"; l: SelectCore | ValuesCore | Compound; r: SelectCore | ValuesCore | Compound; pos: Pos }

/** A column definition. */
export interface ColumnDef {
  name: string;
  type: string;
  primaryKey: boolean;
  notNull: boolean;
  unique: boolean;
  def: Expr | undefined;
  defText: string | undefined;
}

/** Statements. */
export type Stmt =
  | { k: "select"; q: Select; text: string }
  | { k: "explain"; analyze: boolean; stmt: Stmt; text: string }
  | { k: "create_table"; name: string; ifNotExists: boolean; cols: ColumnDef[]; pk: string[] | undefined; uniques: string[][]; asSelect: Select | undefined; text: string; pos: Pos }
  | { k: "drop_table"; name: string; ifExists: boolean; text: string; pos: Pos }
  | { k: "create_index"; name: string; table: string; cols: string[]; unique: boolean; ifNotExists: boolean; text: string; pos: Pos }
  | { k: "drop_index"; name: string; ifExists: boolean; text: string; pos: Pos }
  | { k: "create_view"; name: string; ifNotExists: boolean; q: Select; cols: string[] | undefined; text: string; pos: Pos }
  | { k: "drop_view"; name: string; ifExists: boolean; text: string; pos: Pos }
  | { k: "insert"; table: string; cols: string[] | undefined; values: Expr[][] | undefined; sel: Select | undefined; orReplace: boolean; orIgnore: boolean; defaults: boolean; text: string; pos: Pos }
  | { k: "update"; table: string; alias: string | undefined; sets: { col: string; e: Expr; pos: Pos }[]; where: Expr | undefined; text: string; pos: Pos }
  | { k: "delete"; table: string; alias: string | undefined; where: Expr | undefined; text: string; pos: Pos }
  | { k: "begin"; text: string }
  | { k: "commit"; text: string }
  | { k: "rollback"; text: string };
