/** Byte classes of RFC 9110 §5.6.2 (tchar) and RFC 9112 §5 (field values), as lookup tables. */

/** 1 for tchar: "!#$%&'*+-.^_`|~", DIGIT, ALPHA (RFC 9110 §5.6.2). */
export const TCHAR = new Uint8Array(256);
for (let c = 0x30; c <= 0x39; c++) TCHAR[c] = 1;
for (let c = 0x41; c <= 0x5a; c++) TCHAR[c] = 1;
for (let c = 0x61; c <= 0x7a; c++) TCHAR[c] = 1;
for (const ch of "!#$%&'*+-.^_`|~") TCHAR[ch.charCodeAt(0)] = 1;

/** 1 for bytes allowed in a field value: VCHAR, obs-text, SP and HTAB (RFC 9110 §5.5); CR, LF and NUL never. */
export const FIELD_VCHAR = new Uint8Array(256);
for (let c = 0x20; c <= 0xff; c++) FIELD_VCHAR[c] = c === 0x7f ? 0 : 1;
FIELD_VCHAR[0x09] = 1;

/** 1 for bytes allowed in a request-target: visible ASCII (RFC 3986 plus what clients send unencoded). */
export const TARGET_CHAR = new Uint8Array(256);
for (let c = 0x21; c <= 0x7e; c++) TARGET_CHAR[c] = 1;

/** 1 for bytes allowed in a Host value: reg-name, IP-literal and port characters (RFC 3986 §3.2.2). */
export const HOST_CHAR = new Uint8Array(256);
for (let c = 0x21; c <= 0x7e; c++) HOST_CHAR[c] = 1;
for (const ch of "/\\?#@\"<>^`{|}") HOST_CHAR[ch.charCodeAt(0)] = 0;

/** True when every code unit of `s` is a tchar. */
export function isToken(s: string): boolean {
  if (s.length === 0) return false;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c > 0xff || TCHAR[c] === 0) return false;
  }
  return true;
}

/** True when `s` may be sent as a field value: latin-1 with no CR, LF, NUL or other CTL but HTAB. */
export function isFieldValue(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c > 0xff || FIELD_VCHAR[c] === 0) return false;
  }
  return true;
}
