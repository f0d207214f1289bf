/**
 * Ref transactions as git's files backend runs them (refs/files-backend.c):
 * every update is checked and locked first (the expected old value, the new
 * object, name conflicts), and only when all are fine are the new values
 * written and the deletions made; a failure leaves every ref as it was.
 * Updates go through symbolic refs unless told not to (the symbolic ref's
 * log records the move too), and an update of the branch HEAD names is
 * logged in HEAD's reflog as well.
 */
import { isValidRefName, LockFile } from "./refs.ts";
import type { Repository } from "./repo.ts";

/** The id that stands for "absent": as a new value a deletion, as an old value "must not exist". */
export const ZERO_OID = "0".repeat(40);

/** One requested change: `newOid` undefined only verifies `oldOid`; `oldOid` undefined does not check. */
export interface RefUpdate {
  ref: string;
  newOid?: string;
  oldOid?: string;
  noDeref?: boolean;
  message?: string;
  /** Start a reflog for the ref even where core.logAllRefUpdates would not (--create-reflog). */
  createReflog?: boolean;
}

/** How a transaction ended: git's error text (without "fatal: ") when it did not. */
export type TransactionResult = { ok: true } | { ok: false; error: string };

/** git's check_refname_format with REFNAME_ALLOW_ONELEVEL: a name a ref may have. */
export function isValidRefFormat(name: string): boolean {
  // Ref names may start with "-" (only branch names may not).
  return isValidRefName(name.startsWith("-") ? `x${name}` : name) && name !== "@";
}

/** git's refname_is_safe: what a deletion may name (a path inside refs/, or an all-capitals name at the top). */
function isSafeRefName(name: string): boolean {
  if (name.startsWith("refs/")) return !name.split("/").some((part) => part === "." || part === "..") && !name.includes("//") && !name.endsWith("/");
  return /^[A-Z_]+$/.test(name);
}

/** ref_transaction_update's check as an update is added: the error, or undefined. */
export function badNameError(update: RefUpdate): string | undefined {
  const ok = update.newOid !== undefined && update.newOid !== ZERO_OID ? isValidRefFormat(update.ref) : isSafeRefName(update.ref);
  return ok ? undefined : `refusing to update ref with bad name '${update.ref}'`;
}

/** One ref the transaction touches: the ref itself, the request, and whether only its log changes. */
interface Step {
  ref: string;
  update: RefUpdate;
  logOnly: boolean;
  /** The value before the transaction (ZERO_OID when absent). */
  old: string;
  /** A symbolic ref replaced by an id (--no-deref): written even when it already resolves to the id. */
  symbolic?: boolean;
  lock?: LockFile;
}

/**
 * Applies `updates` all or nothing (git's ref_transaction_commit); the
 * error is git's message for the first update that cannot be made.
 * `dryRun` only checks and locks them (ref_transaction_prepare), then lets go.
 */
export function commitRefUpdates(repo: Repository, updates: RefUpdate[], options: { dryRun?: boolean } = {}): TransactionResult {
  const steps: Step[] = [];
  try {
    const r = prepare(repo, updates, steps);
    if (!r.ok) return r;
    if (!options.dryRun) finish(repo, steps);
    return { ok: true };
  } finally {
    for (const s of steps) s.lock?.rollback();
  }
}

function prepare(repo: Repository, updates: RefUpdate[], steps: Step[]): TransactionResult {
  const refs = repo.refs;
  const named = new Set<string>();
  for (const u of [...updates].sort((a, b) => (a.ref < b.ref ? -1 : a.ref > b.ref ? 1 : 0))) {
    if (named.has(u.ref)) return { ok: false, error: `multiple updates for ref '${u.ref}' not allowed` };
    named.add(u.ref);
  }
  const headTarget = refs.symbolicTarget("HEAD");
  for (const u of updates) {
    // Through symbolic refs, each of which keeps a log-only step (split_symref_update).
    let ref = u.ref;
    let viaHead = false;
    if (!u.noDeref) {
      for (let target = refs.symbolicTarget(ref); target !== undefined; target = refs.symbolicTarget(ref)) {
        if (named.has(target)) return { ok: false, error: `multiple updates for '${target}' (including one via symref '${ref}') are not allowed` };
        named.add(target);
        steps.push({ ref, update: u, logOnly: true, old: refs.resolve(ref) ?? ZERO_OID });
        if (ref === "HEAD") viaHead = true;
        ref = target;
      }
    }
    const old = refs.resolve(ref) ?? ZERO_OID;
    const step: Step = { ref, update: u, logOnly: false, old, symbolic: refs.symbolicTarget(ref) !== undefined };
    steps.push(step);
    // A branch HEAD names, updated directly: HEAD's log records it too (split_head_update).
    if (!viaHead && headTarget !== undefined && ref === headTarget && ref !== "HEAD") {
      if (named.has("HEAD") && u.ref !== "HEAD") return { ok: false, error: `multiple updates for 'HEAD' (including one via its referent '${ref}') are not allowed` };
      steps.push({ ref: "HEAD", update: u, logOnly: true, old });
    }
    const fail = (why: string): TransactionResult => ({ ok: false, error: `cannot lock ref '${u.ref}': ${why}` });
    const mustExist = u.oldOid !== undefined && u.oldOid !== ZERO_OID;
    if (old === ZERO_OID && mustExist) return fail(`unable to resolve reference '${ref}'`);
    if (u.oldOid !== undefined && u.oldOid !== old) {
      if (u.oldOid === ZERO_OID) return fail("reference already exists");
      return fail(`is at ${old} but expected ${u.oldOid}`);
    }
    if (old === ZERO_OID && u.newOid !== undefined && u.newOid !== ZERO_OID) {
      const conflict = conflictingRef(repo, ref);
      if (conflict) return fail(`'${conflict}' exists; cannot create '${ref}'`);
    }
    step.lock = new LockFile(`${repo.gitDir}/${ref}`);
    if (u.newOid !== undefined && u.newOid !== ZERO_OID && (u.newOid !== old || step.symbolic)) {
      const obj = repo.objects.read(u.newOid);
      if (!obj) return { ok: false, error: `cannot update ref '${ref}': trying to write ref '${ref}' with nonexistent object ${u.newOid}` };
      if (obj.type !== "commit" && ref.startsWith("refs/heads/")) return { ok: false, error: `cannot update ref '${ref}': trying to write non-commit object ${u.newOid} to branch '${ref}'` };
    }
  }
  return { ok: true };
}

/** An existing ref that a new ref `name` would collide with (a file where a directory must be, or the reverse). */
function conflictingRef(repo: Repository, name: string): string | undefined {
  const parts = name.split("/");
  for (let k = 1; k < parts.length; k++) {
    const prefix = parts.slice(0, k).join("/");
    if (repo.refs.read(prefix) !== undefined) return prefix;
  }
  return repo.refs.list(`${name}/`)[0]?.[0];
}

/** Writes the locked new values, logs every step that changed, then makes the deletions. */
function finish(repo: Repository, steps: Step[]): void {
  const deletions: Step[] = [];
  for (const s of steps) {
    const u = s.update;
    if (u.newOid === undefined && !s.logOnly) continue;
    const newOid = u.newOid ?? ZERO_OID;
    if (!s.logOnly && newOid === ZERO_OID) {
      deletions.push(s);
      continue;
    }
    // A ref already at its new value is neither written nor logged; its log-only companions still are.
    if (!s.logOnly && newOid === s.old && !s.symbolic) continue;
    if (!s.logOnly) {
      s.lock!.commit(`${newOid}\n`);
      s.lock = undefined;
    }
    repo.appendReflog(s.ref, s.old, newOid, u.message, u.createReflog === true && !s.logOnly);
  }
  for (const s of deletions) {
    s.lock!.rollback();
    s.lock = undefined;
    repo.refs.delete(s.ref);
  }
}
