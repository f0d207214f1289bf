import { describe, expect, test } from "bun:test";
import { formatSave, parseRedisConf, parseSave, splitArgs } from "../../src/redis/redis-conf.ts";

describe("redis.conf", () => {
  test("splitArgs splits like sdssplitargs", () => {
    const table: [string, string[] | null][] = [
      ["save 900 1", ["save", "900", "1"]],
      ['save ""', ["save", ""]],
      ['requirepass "a b\\x41\\n"', ["requirepass", "a bA\n"]],
      ["requirepass 'it\\'s'", ["requirepass", "it's"]],
      ['dir "unterminated', null],
      ['dir "a"b', null],
      ["   port    6380   ", ["port", "6380"]],
    ];
    for (const [line, want] of table) expect(splitArgs(line)).toEqual(want);
  });

  test("parses the persistence directives; save lines accumulate and save \"\" clears", () => {
    const conf = parseRedisConf(
      ["# comment", "port 6380", "bind 127.0.0.1 ::1", "dir /data", "appendonly yes", "appendfilename x.aof", "appendfsync always", "dbfilename d.rdb", "save 900 1", "save 300 10", "requirepass pw", ""].join("\n"),
      "r.conf",
    );
    expect(conf).toEqual({ port: 6380, bind: "127.0.0.1", dir: "/data", appendonly: true, appendfilename: "x.aof", appendfsync: "always", dbfilename: "d.rdb", save: [[900, 1], [300, 10]], requirepass: "pw" });
    expect(parseRedisConf('save 900 1\nsave ""\n', "r.conf").save).toEqual([]);
    expect(parseRedisConf("save 3600 1 300 100", "r.conf").save).toEqual([[3600, 1], [300, 100]]);
  });

  test("parameters with no meaning here are stored under their current names; bad values are refused", () => {
    expect(parseRedisConf("hash-max-ziplist-entries 100\nactiverehashing NO\nnotify-keyspace-events KEA\nauto-aof-rewrite-min-size 1mb", "r.conf").stored).toEqual({
      "hash-max-listpack-entries": "100",
      activerehashing: "no",
      "notify-keyspace-events": "KEA",
      "auto-aof-rewrite-min-size": "1048576",
    });
    expect(() => parseRedisConf("hz x", "r.conf")).toThrow('read config r.conf:1: argument couldn\'t be parsed into an integer: "hz x"');
  });

  test("errors name file:line", () => {
    const table: [string, string][] = [
      ["port 1\nfoo bar", 'read config r.conf:2: bad directive or wrong number of arguments: "foo bar"'],
      ["appendonly maybe", `read config r.conf:1: argument must be 'yes' or 'no': "appendonly maybe"`],
      ["appendfsync sometimes", `read config r.conf:1: argument must be one of 'always', 'everysec' or 'no': "appendfsync sometimes"`],
      ["save 900", 'read config r.conf:1: invalid save parameters: "save 900"'],
      ["port 99999", 'read config r.conf:1: invalid port: "port 99999"'],
      ["dbfilename a/b.rdb", `read config r.conf:1: dbfilename can't be a path, just a filename: "dbfilename a/b.rdb"`],
    ];
    for (const [text, msg] of table) expect(() => parseRedisConf(text, "r.conf")).toThrow(msg);
  });

  test("save rules round-trip through CONFIG's text form", () => {
    expect(parseSave("900 1 300 10")).toEqual([[900, 1], [300, 10]]);
    expect(parseSave("")).toEqual([]);
    expect(parseSave("900")).toBeNull();
    expect(formatSave([[900, 1], [300, 10]])).toBe("900 1 300 10");
  });
});
