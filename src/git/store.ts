/**
 * The object store seam: loose objects and packfiles behind one interface
 * (one conformance suite covers both), and the database that reads from all of
 * them and writes loose objects.
 */
import type { GitObject, ObjectType } from "./objects.ts";

/** Read access to a set of objects. */
export interface ObjectStore {
  /** True when the store holds `oid`. */
  has(oid: string): boolean;
  /** The object, or undefined when absent; corrupt data throws. */
  read(oid: string): GitObject | undefined;
  /** Every id that starts with the hex `prefix` (at least 4 digits). */
  findPrefix(prefix: string): string[];
}

/** A store that can also write. */
export interface WritableObjectStore extends ObjectStore {
  /** Stores the object and returns its id. */
  write(type: ObjectType, data: Uint8Array): string;
}
