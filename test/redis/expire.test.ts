import { describe, expect, test } from "bun:test";
import { FakeClock } from "../../src/runtime/index.ts";
import { Keyspace } from "../../src/redis/index.ts";
import { prng } from "../support/prng.ts";

const v = (s: string) => new TextEncoder().encode(s);

describe("Keyspace expiry", () => {
  test("a key is gone once its TTL passes (passive expiry on access)", () => {
    const clock = new FakeClock(1_000);
    const db = new Keyspace(clock);
    db.set("k", v("x"));
    db.setExpire("k", 1_500);
    clock.advance(499);
    expect(db.has("k")).toBe(true);
    clock.advance(1);
    expect(db.get("k")).toBeUndefined();
    expect(db.size).toBe(0);
    expect(db.expiredKeys).toBe(1);
  });

  test("setExpire in the past deletes at once, unless keepIfPast (SET's behaviour)", () => {
    const clock = new FakeClock(1_000);
    const db = new Keyspace(clock);
    db.set("a", v("1"));
    db.set("b", v("2"));
    db.setExpire("a", 1_000);
    db.setExpire("b", 999, { keepIfPast: true });
    expect(db.contains("a")).toBe(false);
    expect(db.size).toBe(1);
    expect(db.has("b")).toBe(false);
  });

  test("set clears a TTL unless keepTtl", () => {
    const db = new Keyspace(new FakeClock(0));
    db.set("k", v("1"));
    db.setExpire("k", 100);
    db.set("k", v("2"), true);
    expect(db.expireAt("k")).toBe(100);
    db.set("k", v("3"));
    expect(db.expireAt("k")).toBeUndefined();
  });

  test("the active cycle reclaims expired keys nobody reads, and leaves live ones", () => {
    const clock = new FakeClock(0);
    const db = new Keyspace(clock);
    for (let i = 0; i < 1000; i++) {
      db.set(`dead${i}`, v("x"));
      db.setExpire(`dead${i}`, 10);
      db.set(`live${i}`, v("x"));
      db.setExpire(`live${i}`, 1_000_000);
    }
    for (let i = 0; i < 100; i++) db.set(`forever${i}`, v("x"));
    clock.advance(10);
    const random = prng(7);
    let cycles = 0;
    while (db.expires.keys.length > 1000 && cycles < 1000) {
      db.expireCycle({ random, elapsed: () => 0 });
      cycles++;
    }
    // It stops sampling once no more than a quarter of a sample is stale, so a few dead keys may remain for passive expiry.
    expect(db.size).toBeLessThan(1100 + 1000 * 0.3);
    expect(db.size).toBeGreaterThanOrEqual(1100);
    for (let i = 0; i < 1000; i++) expect(db.has(`live${i}`)).toBe(true);
    expect(db.keys().length).toBe(1100);
  });

  test("one cycle samples 20 keys per round and repeats while more than 25% of a sample expired", () => {
    const clock = new FakeClock(0);
    const db = new Keyspace(clock);
    for (let i = 0; i < 100; i++) {
      db.set(`k${i}`, v("x"));
      db.setExpire(`k${i}`, 1_000_000);
    }
    const stats = db.expireCycle({ random: prng(1), elapsed: () => 0 });
    expect(stats).toEqual({ sampled: 20, expired: 0, rounds: 1 });
    clock.advance(1_000_000);
    const all = db.expireCycle({ random: prng(1), elapsed: () => 0 });
    expect(all.expired).toBe(100);
    expect(all.rounds).toBe(5);
  });

  test("the cycle stops when its time budget is spent", () => {
    const clock = new FakeClock(0);
    const db = new Keyspace(clock);
    for (let i = 0; i < 1000; i++) {
      db.set(`k${i}`, v("x"));
      db.setExpire(`k${i}`, 1);
    }
    clock.advance(1);
    let t = 0;
    const stats = db.expireCycle({ random: prng(2), budgetMs: 25, elapsed: () => (t += 10) });
    // Budget set at t=10 (deadline 35); checks at 20 and 30 continue, 40 stops: three rounds.
    expect(stats.rounds).toBe(3);
    expect(stats.expired).toBe(60);
  });
});
