/**
 * The public conformance suites and benchmark data live in ../shared/testdata
 * beside the checkout (CI lays a copy there too); GOKIT_TESTDATA overrides it.
 */
import { resolve } from "node:path";

/** Absolute path of `rel` under the shared testdata directory. */
export function testdata(rel: string): string {
  const root = process.env.GOKIT_TESTDATA ?? resolve(import.meta.dir, "../../../shared/testdata");
  return resolve(root, rel);
}
