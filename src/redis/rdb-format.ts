/**
 * RDB format constants (Redis 7.0's rdb.h, RDB_VERSION 10) shared by the
 * writer and the reader.
 */

/** RDB_VERSION of Redis 7.0. */
export const RDB_VERSION = 10;

/** rdb.h RDB_TYPE_* for the values we read or write. */
export const T = {
  STRING: 0,
  LIST: 1,
  SET: 2,
  ZSET: 3,
  HASH: 4,
  ZSET_2: 5,
  LIST_ZIPLIST: 10,
  SET_INTSET: 11,
  HASH_ZIPLIST: 13,
  LIST_QUICKLIST: 14,
  HASH_LISTPACK: 16,
  ZSET_LISTPACK: 17,
  LIST_QUICKLIST_2: 18,
  /** Redis 7.2; never written here (7.0 cannot read it). */
  SET_LISTPACK: 20,
} as const;

/** rdb.h RDB_OPCODE_*. */
export const OP = {
  FUNCTION2: 245,
  MODULE_AUX: 247,
  IDLE: 248,
  FREQ: 249,
  AUX: 250,
  RESIZEDB: 251,
  EXPIRETIME_MS: 252,
  EXPIRETIME: 253,
  SELECTDB: 254,
  EOF: 255,
} as const;

/** rdb.h length prefixes: 00 6-bit, 01 14-bit, 0x80 32-bit BE, 0x81 64-bit BE, 11 special encoding. */
export const LEN = { BITS32: 0x80, BITS64: 0x81, ENCVAL: 3 } as const;

/** rdb.h RDB_ENC_*: specially encoded strings. */
export const ENC = { INT8: 0, INT16: 1, INT32: 2, LZF: 3 } as const;

/** quicklist.h QUICKLIST_NODE_CONTAINER_*: how a QUICKLIST_2 node is stored. */
export const QL = { PLAIN: 1, PACKED: 2 } as const;

/** Redis 7.0's compiled-in defaults deciding compact encodings (config.c: hash-max-listpack-entries 512, hash-max-listpack-value 64, set-max-intset-entries 512, list-max-listpack-size -2 = 8 KB). */
export const LIMITS = {
  hashEntries: 512,
  hashValue: 64,
  intsetEntries: 512,
  listNodeBytes: 8 * 1024,
  /** zset-max-listpack-entries 128, zset-max-listpack-value 64. */
  zsetEntries: 128,
  zsetValue: 64,
} as const;
