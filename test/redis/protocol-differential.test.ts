/**
 * Malformed and unusual requests sent byte-identically to a real redis-server
 * and to ours: everything each writes back until it closes must match.
 */
import { describe, expect, test } from "bun:test";
import { haveRedisServer, serverPair } from "./real-redis.ts";
import { RawClient } from "./resp-client.ts";

const QUIT = "QUIT\r\n";
const inputs: [string, string][] = [
  ["a non-numeric multibulk length", "*x\r\n"],
  ["a multibulk length over INT_MAX", "*3000000000\r\n"],
  ["a missing '$'", "*1\r\nxPING\r\n"],
  ["a non-numeric bulk length", "*1\r\n$x\r\n"],
  ["a negative bulk length", "*1\r\n$-1\r\n"],
  ["a 10 GB bulk length", "*1\r\n$10737418240\r\n"],
  ["an empty bulk length", "*1\r\n$\r\n"],
  ["unbalanced double quotes", 'SET "a b\r\n'],
  ["unbalanced single quotes", "SET 'a b\r\n"],
  ["a closing quote followed by text", 'SET "a"b c\r\n'],
  ["an endless inline line", "a".repeat(70_000)],
  ["an endless multibulk count line", "*" + "1".repeat(70_000)],
  ["an error after good commands", "PING\r\nECHO hi\r\n*1\r\n$x\r\nPING\r\n"],
  ["empty multibulks and blank lines", "*0\r\n*-1\r\n\r\n\n   \r\nPING\r\n" + QUIT],
  ["a bulk whose CRLF is something else", "*1\r\n$4\r\nPINGxx*1\r\n$4\r\nPING\r\n" + QUIT],
  ["inline quoting and escapes", `ECHO "a\\x41\\n\\tb"\r\nECHO 'it\\'s'\r\nECHO ""\r\n` + QUIT],
  ["an inline command ended by LF alone", "PING\nECHO x\n" + QUIT],
  ["a NUL hiding an inline line's end (Redis's strchr), then too long", "ECHO a\0b\r\n" + "x".repeat(70_000)],
  ["a NUL in a multibulk count line, then too long", "*1\0\r\n" + "x".repeat(70_000)],
  ["lower- and mixed-case command names", "ping\r\nPiNg\r\n" + QUIT],
  ["arity errors and unknown commands with long arguments", `GET\r\nFOO ${"x".repeat(200)} y\r\n` + QUIT],
  ["QUIT with arguments", "QUIT now\r\nPING\r\n"],
];

const servers = serverPair();

async function exchange(port: number, input: string): Promise<string> {
  const c = await RawClient.connect(port);
  c.write(input);
  return c.closedWith();
}

describe.skipIf(!haveRedisServer)("protocol handling matches redis-server byte for byte", () => {
  for (const [name, input] of inputs) {
    test(name, async () => {
      const [want, got] = await Promise.all([exchange(servers.real.port, input), exchange(servers.ours.port, input)]);
      expect(got).toBe(want);
    });
  }
});
