/** `gokit sqlsh` as a user runs it: the binary, -c, stdin, dot-commands, files, and the REPL in a real pseudo-terminal. */
import { describe, expect, test } from "bun:test";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { gokitCommand, runGokit, tempDir } from "../support/cli.ts";
import { haveCommand } from "../support/require.ts";
import { until } from "../support/until.ts";

const USERS = [
  "CREATE TABLE users (id INT, name TEXT, age INT);",
  "INSERT INTO users VALUES (1, 'Alice', 30);",
  "INSERT INTO users VALUES (2, 'Bob', 25);",
  "INSERT INTO users VALUES (3, 'Charlie', 35);",
].join("\n");

const ISSUE_TABLE = ["┌─────────┬─────┐", "│ name    │ age │", "├─────────┼─────┤", "│ Alice   │ 30  │", "│ Charlie │ 35  │", "└─────────┴─────┘", "2 rows returned"].join("\n");

const sqlsh = (args: string[], stdin?: string, cwd?: string) => runGokit(["sqlsh", ...args], { stdin, ...(cwd ? { cwd } : {}) });

describe("gokit sqlsh -c", () => {
  test("runs the statements and prints the issue's box table", async () => {
    const r = await sqlsh(["-c", `${USERS}\nSELECT name, age FROM users WHERE age > 27;`]);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    expect(r.stdout).toStartWith("Table 'users' created.\n");
    expect(r.stdout).toEndWith(`${ISSUE_TABLE}\n`);
  });

  test("reports a syntax error with its position on stderr and exits 1", async () => {
    const r = await sqlsh(["-c", "SELECT * FORM users"]);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe("");
    expect(r.stderr).toBe('Error: near "FORM" at line 1, column 10: syntax error\n');
  });

  test("counts error positions from the start of the whole text", async () => {
    const r = await sqlsh(["-c", "SELECT 1;\nSELECT * FORM t;"]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain("1 row returned");
    expect(r.stderr).toBe('Error: near "FORM" at line 2, column 10: syntax error\n');
  });

  test("names a missing table the way SQLite does", async () => {
    const r = await sqlsh(["-c", "SELECT * FROM user;"]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^Error: (at line 1, column 15: )?no such table: user\n$/);
  });

  test("EXPLAIN prints the plan tree as text", async () => {
    const r = await sqlsh(["-c", `${USERS}\nEXPLAIN SELECT * FROM users WHERE age > 25;`]);
    expect(r.code).toBe(0);
    const plan = r.stdout.slice(r.stdout.indexOf("Query Plan:"));
    expect(plan).toMatch(/^Query Plan:\n└─ Filter: age > 25.*\n   └─ TableScan: users.*\n   Estimated cost: 3 rows scanned\n$/);
  });

  test("--format csv, tsv, json and --json print machine-readable rows", async () => {
    const q = `${USERS}\nSELECT id, name FROM users WHERE id < 3 ORDER BY id;`;
    expect((await sqlsh(["--format", "csv", "-c", q])).stdout).toBe("id,name\n1,Alice\n2,Bob\n");
    expect((await sqlsh(["--format", "csv", "--no-headers", "-c", q])).stdout).toBe("1,Alice\n2,Bob\n");
    expect((await sqlsh(["--format", "tsv", "-c", q])).stdout).toBe("id\tname\n1\tAlice\n2\tBob\n");
    const json = await sqlsh(["--json", "-c", q]);
    expect(json.stdout).toBe('[{"id":1,"name":"Alice"},\n{"id":2,"name":"Bob"}]\n');
    expect(JSON.parse(json.stdout)).toEqual([{ id: 1, name: "Alice" }, { id: 2, name: "Bob" }]);
  });

  test("CSV output quotes fields with commas, quotes and line breaks (RFC 4180)", async () => {
    const r = await sqlsh(["--format", "csv", "-c", "SELECT 'a,b' AS x, 'say \"hi\"' AS y, NULL AS z;"]);
    expect(r.stdout).toBe('x,y,z\n"a,b","say ""hi""",\n');
  });

  test("an unknown --format is a usage error", async () => {
    const r = await sqlsh(["--format", "xml", "-c", "SELECT 1;"]);
    expect(r.code).toBe(2);
  });
});

describe("gokit sqlsh reading stdin", () => {
  test("prints no banner or prompt and runs multi-line statements", async () => {
    const r = await sqlsh([], `${USERS}\nSELECT name, age\n  FROM users\n  WHERE age > 27;\n`);
    expect(r.code).toBe(0);
    expect(r.stdout).not.toContain("MiniSQL");
    expect(r.stdout).toBe(`Table 'users' created.\n1 row inserted.\n1 row inserted.\n1 row inserted.\n${ISSUE_TABLE}\n`);
  });

  test("stops at the first error with exit status 1, like sqlite3 -bail", async () => {
    const r = await sqlsh(["--format", "csv"], "SELECT 1 AS a;\nSELEC 2;\nSELECT 3 AS c;\n");
    expect(r.code).toBe(1);
    expect(r.stdout).toBe("a\n1\n");
    expect(r.stderr).toStartWith('Error: near "SELEC"');
  });

  test("runs a final statement that lacks its semicolon", async () => {
    const r = await sqlsh(["--format", "csv", "--no-headers"], "SELECT 41 + 1");
    expect(r.stdout).toBe("42\n");
  });

  test("keeps the data in a database file across runs, without the rolled-back changes", async () => {
    using dir = tempDir();
    const file = join(dir.path, "my.db");
    expect((await sqlsh([file], `${USERS}\nBEGIN;\nINSERT INTO users VALUES (4, 'Dan', 40);\nROLLBACK;\n`)).code).toBe(0);
    const r = await sqlsh([file, "--format", "csv", "-c", "SELECT name FROM users ORDER BY id;"]);
    expect(r.stderr).toBe("");
    expect(r.stdout).toBe("name\nAlice\nBob\nCharlie\n");
  });
});

describe("gokit sqlsh dot-commands", () => {
  test(".tables, .schema, .mode and .headers behave like sqlite3's", async () => {
    const script = [
      USERS,
      "CREATE TABLE orders (id INT, user_id INT, amount REAL);",
      ".tables",
      ".schema users",
      ".mode csv",
      ".headers off",
      "SELECT name FROM users WHERE id = 2;",
      ".mode line",
      "SELECT id, name FROM users WHERE id = 1;",
    ].join("\n");
    const r = await sqlsh([], script);
    expect(r.stderr).toBe("");
    const out = r.stdout.split("\n");
    expect(out).toContain("orders  users");
    expect(r.stdout).toMatch(/CREATE TABLE users \(id INT(EGER)?, name TEXT, age INT(EGER)?\);\n/);
    expect(r.stdout).toEndWith("Bob\n  id = 1\nname = Alice\n");
  });

  test(".timer on prints the run time after each statement", async () => {
    const r = await sqlsh([], ".timer on\nSELECT 1;\n");
    expect(r.stdout).toMatch(/1 row returned\nRun Time: real \d+\.\d{3} user \d+\.\d{6} sys \d+\.\d{6}\n$/);
  });

  test(".read runs a file of statements and dot-commands", async () => {
    using dir = tempDir();
    writeFileSync(join(dir.path, "setup.sql"), `${USERS}\n.mode csv\n`);
    const r = await sqlsh([], ".read setup.sql\nSELECT COUNT(*) AS n FROM users;\n", dir.path);
    expect(r.stderr).toBe("");
    expect(r.stdout).toEndWith("n\n3\n");
  });

  test(".import creates a table with inferred INT/REAL/TEXT columns from a CSV file with a header row", async () => {
    using dir = tempDir();
    writeFileSync(join(dir.path, "people.csv"), 'name,age,score,note\r\nAlice,30,1.5,"likes, commas"\r\nBob,25,,"two\nlines"\r\n"Carl ""C""",41,2,x\r\n');
    const r = await sqlsh([], ".import people.csv people\n.schema people\n.mode json\nSELECT * FROM people ORDER BY age;\n", dir.path);
    expect(r.stderr).toBe("");
    expect(r.stdout).toMatch(/CREATE TABLE people \(name TEXT, age INT(EGER)?, score REAL, note TEXT\);/);
    const json = r.stdout.slice(r.stdout.indexOf("["));
    expect(JSON.parse(json)).toEqual([
      { name: "Bob", age: 25, score: null, note: "two\nlines" },
      { name: "Alice", age: 30, score: 1.5, note: "likes, commas" },
      { name: 'Carl "C"', age: 41, score: 2, note: "x" },
    ]);
  });

  test(".import appends to an existing table and names file:line in errors", async () => {
    using dir = tempDir();
    writeFileSync(join(dir.path, "ok.csv"), "a,b\n1,x\n2,y\n10,007\n");
    writeFileSync(join(dir.path, "bad.csv"), "a,b\n1,x\n2\n");
    writeFileSync(join(dir.path, "open.csv"), 'a,b\n1,"never closed\n');
    const r = await sqlsh(["--format", "csv", "--no-headers"], "CREATE TABLE t (a INT, b TEXT);\n.import ok.csv t\nSELECT a, b FROM t ORDER BY a;\n", dir.path);
    expect(r.stdout).toBe("1,x\n2,y\n10,007\n");
    const bad = await sqlsh([], "CREATE TABLE t (a INT, b TEXT);\n.import bad.csv t\n", dir.path);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toBe("Error: bad.csv:3: expected 2 columns but found 1\n");
    const open = await sqlsh([], ".import open.csv u\n", dir.path);
    expect(open.stderr).toBe("Error: open.csv:2: unterminated quoted field\n");
  });

  test("an unknown dot-command is an error", async () => {
    const r = await sqlsh([], ".frobnicate\n");
    expect(r.code).toBe(1);
    expect(r.stderr).toBe('Error: unknown command or invalid arguments:  "frobnicate". Enter ".help" for help\n');
  });
});

describe("gokit sqlsh slt", () => {
  test("runs sqllogictest files, prints failures with file:line and the totals", async () => {
    using dir = tempDir();
    const file = join(dir.path, "t.test");
    writeFileSync(
      file,
      ["statement ok", "CREATE TABLE t1(a INTEGER, b INTEGER)", "", "statement ok", "INSERT INTO t1 VALUES(1,2)", "", "query I nosort", "SELECT a+b FROM t1", "----", "3", "", "query I nosort", "SELECT a FROM t1", "----", "7", ""].join("\n"),
    );
    const r = await runGokit(["sqlsh", "slt", file]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain(`${file}:12:`);
    expect(r.stdout.trimEnd().split("\n").at(-1)).toBe("3 passed, 1 failed");
  });
});

describe.skipIf(!haveCommand("script"))("gokit sqlsh on a terminal", () => {
  /** Runs gokit sqlsh in a pseudo-terminal (util-linux script), typing keys as a person would. */
  async function terminal(home: string) {
    const cmd = [...gokitCommand(), "sqlsh"].map((a) => `'${a}'`).join(" ");
    const proc = Bun.spawn(["script", "-qfec", cmd, "/dev/null"], {
      stdin: "pipe",
      stdout: "pipe",
      stderr: "pipe",
      env: { ...process.env, HOME: home, NO_COLOR: "1", TERM: "xterm", GOKIT_SQLSH_HISTORY: undefined },
    });
    let out = "";
    const decoder = new TextDecoder();
    void (async () => {
      for await (const chunk of proc.stdout) out += decoder.decode(chunk, { stream: true });
    })();
    return {
      proc,
      get out() {
        return out;
      },
      /** Types `keys`, then waits until `want` shows up in what the terminal printed after them. */
      async type(keys: string, want: string) {
        const from = out.length;
        proc.stdin.write(keys);
        await proc.stdin.flush();
        try {
          await until(() => out.indexOf(want, from) >= 0, `${JSON.stringify(want)} after typing ${JSON.stringify(keys)}`);
        } catch (e) {
          throw new Error(`${(e as Error).message}; screen: ${JSON.stringify(out.slice(from))}`);
        }
        return out.slice(from);
      },
    };
  }

  /** What the screen shows after the carriage returns and erase-line codes a redraw uses. */
  const screen = (s: string) =>
    s
      .replace(/\x1b\[\d*C/g, "")
      .replace(/\x1b\[K/g, "")
      .split("\r\n")
      .map((l) => l.split("\r").filter((p) => p !== "").at(-1) ?? "")
      .join("\n");

  test("the REPL shows the banner, prompts, edits lines, recalls history and keeps it in ~/.gokit_sqlsh_history", async () => {
    using home = tempDir();
    const t = await terminal(home.path);
    try {
      await until(() => t.out.includes("> "), "the first prompt");
      expect(t.out).toStartWith('MiniSQL v1.0\r\nType "help" for commands, "exit" to quit.\r\n');
      await t.type("CREATE TABLE users (id INT, name TEXT, age INT);\r", "Table 'users' created.");
      await t.type("INSERT INTO users VALUES (1, 'Alice', 30), (2, 'Bob', 25), (3, 'Charlie', 35);\r", "3 rows inserted.");
      // A statement over two lines: the second gets the continuation prompt.
      const cont = await t.type("SELECT name, age FROM users\r", "\r  ");
      expect(cont).not.toContain("returned");
      const table = await t.type("WHERE age > 27;\r", "2 rows returned");
      expect(screen(table)).toContain(ISSUE_TABLE.replace(/\n/g, "\n"));
      // The error line and the REPL goes on.
      const err = await t.type("SELECT * FORM users;\r", "syntax error");
      expect(err).toContain('Error: near "FORM" at line 1, column 10: syntax error');
      // Line editing: Ctrl-A, Ctrl-E, ←, Backspace, Ctrl-W, Ctrl-U.
      const edited = await t.type("1 AS xqy;\x01SELECT \x05\x1b[D\x1b[D\x7f\r", "1 row returned");
      expect(screen(edited)).toContain("│ xy │");
      await t.type("garbage words\x17\x17\x15SELECT 2 AS two;\r", "1 row returned");
      // ↑ recalls the previous statements, ↓ goes back towards the newest.
      const recalled = await t.type("\x1b[A\x1b[A\x1b[B\r", "1 row returned");
      expect(screen(recalled)).toContain("│ two │");
      // Tab completes keywords (in the case typed), table names and dot-commands; twice lists the choices.
      const completed = await t.type("sel\tname FROM use\t WHERE id = 1;\r", "1 row returned");
      expect(screen(completed)).toContain("> select name FROM users WHERE id = 1;");
      await t.type(".ta\t\r", "users");
      const listed = await t.type("SELECT * FROM users WHERE a\t\t", "AVG");
      expect(listed).toContain("ABS  age  ALL  ANALYZE  AND  AS  ASC  AVG\r");
      await t.type("\x15", "> ");
      // Ctrl-C drops a half-typed statement.
      await t.type("SELECT\r", "\r  ");
      await t.type("\x03", "^C");
      await t.type("SELECT 3 AS three;\r", "│ three │");
      await t.type("exit\r", "exit");
      expect(await t.proc.exited).toBe(0);
      const history = readFileSync(join(home.path, ".gokit_sqlsh_history"), "utf8").split("\n");
      expect(history).toContain("SELECT name, age FROM users WHERE age > 27;");
      expect(history).toContain("SELECT 2 AS two;");
      expect(history).not.toContain("SELECT");
    } finally {
      t.proc.kill();
    }
  });

  test("history from an earlier session is recalled with ↑ and Ctrl-D on an empty line ends the session", async () => {
    using home = tempDir();
    writeFileSync(join(home.path, ".gokit_sqlsh_history"), "SELECT 'from before' AS earlier;\n");
    const t = await terminal(home.path);
    try {
      await until(() => t.out.includes("> "), "the first prompt");
      const r = await t.type("\x1b[A\r", "1 row returned");
      expect(screen(r)).toContain("│ from before │");
      t.proc.stdin.write("\x04");
      await t.proc.stdin.flush();
      expect(await t.proc.exited).toBe(0);
      expect(existsSync(join(home.path, ".gokit_sqlsh_history"))).toBe(true);
    } finally {
      t.proc.kill();
    }
  });
});

test("gokit sqlsh --help describes the modes, dot-commands and the slt subcommand", async () => {
  const r = await runGokit(["sqlsh", "--help"]);
  expect(r.code).toBe(0);
  for (const word of ["--format", "--json", "-c", "slt", ".import", ".schema", ":memory:"]) expect(r.stdout).toContain(word);
});
