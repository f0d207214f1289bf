/**
 * Redis's LFU access counter (evict.c): an 8-bit logarithmic counter and a
 * 16-bit time of last decrement in minutes, packed as (minutes << 8) |
 * counter in the object's lru field. An access increments the counter with
 * probability 1 / ((counter − LFU_INIT_VAL) × lfu-log-factor + 1) after
 * decaying it by one per lfu-decay-time minutes elapsed; new keys start at
 * LFU_INIT_VAL so they are not evicted before they had a chance.
 */

/** LFU_INIT_VAL. */
export const LFU_INIT_VAL = 5;

/** The settings the counter follows (lfu-log-factor, lfu-decay-time). */
export interface LfuSettings {
  logFactor: number;
  decayTime: number;
}

/** LFUGetTimeInMinutes: unix minutes modulo 2^16. */
const minutes = (nowMs: number): number => Math.floor(nowMs / 60_000) & 65535;

/** LFUTimeElapsed: minutes since `ldt`, across the 16-bit wrap. */
function elapsed(ldt: number, nowMs: number): number {
  const now = minutes(nowMs);
  return now >= ldt ? now - ldt : 65535 - ldt + now;
}

/** The packed field for `counter` as of now (a new key: LFU_INIT_VAL; RESTORE … FREQ: the given one). */
export function lfuField(nowMs: number, counter = LFU_INIT_VAL): number {
  return minutes(nowMs) * 256 + counter;
}

/** LFUDecrAndReturn: the counter after decay (OBJECT FREQ, eviction), without touching the field. */
export function lfuCounter(field: number, nowMs: number, s: LfuSettings): number {
  const ldt = Math.floor(field / 256);
  const counter = field & 255;
  const periods = s.decayTime > 0 ? Math.floor(elapsed(ldt, nowMs) / s.decayTime) : 0;
  return periods > counter ? 0 : counter - periods;
}

/** updateLFU: decay, then LFULogIncr; returns the new packed field. */
export function lfuTouch(field: number, nowMs: number, s: LfuSettings, random: () => number): number {
  let counter = lfuCounter(field, nowMs, s);
  if (counter < 255) {
    const base = Math.max(0, counter - LFU_INIT_VAL);
    if (random() < 1 / (base * s.logFactor + 1)) counter++;
  }
  return minutes(nowMs) * 256 + counter;
}
