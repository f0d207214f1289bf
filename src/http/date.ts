/** The IMF-fixdate of RFC 9110 §5.6.7 ("Sun, 06 Nov 1994 08:49:37 GMT"), cached per second for the Date header. */
import type { Clock } from "../runtime/index.ts";

/** Formats a time (ms since the epoch) as an IMF-fixdate. */
export function httpDate(ms: number): string {
  return new Date(ms).toUTCString();
}

/** Parses an HTTP date (IMF-fixdate or the obsolete forms Date.parse knows); NaN when invalid. */
export function parseHttpDate(s: string): number {
  return Date.parse(s);
}

/** A Date header value recomputed at most once per second of `clock` time. */
export class DateCache {
  readonly #clock: Clock;
  #second = -1;
  #value = "";

  constructor(clock: Clock) {
    this.#clock = clock;
  }

  /** The current time (or `now`, clock ms) as an IMF-fixdate. */
  get(now = this.#clock.now()): string {
    const second = Math.floor(now / 1000);
    if (second !== this.#second) {
      this.#second = second;
      this.#value = httpDate(second * 1000);
    }
    return this.#value;
  }
}
