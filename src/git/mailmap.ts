/**
 * .mailmap, as git's mailmap.c reads and applies it: "Proper Name
 * <proper@email> Commit Name <commit@email>" lines (any part but the last
 * email optional), matched on the email and then, where lines name one, the
 * name, both without regard to case. Read from the work tree's .mailmap (a
 * bare repository's HEAD:.mailmap), then mailmap.blob, then mailmap.file;
 * later lines override earlier ones.
 */
import { readFile, resolve } from "../sys/index.ts";
import type { Repository } from "./repo.ts";
import { tryResolve } from "./revision.ts";

/** What an email (and, optionally, a name under it) maps to. */
interface Info {
  name?: string;
  email?: string;
}

interface Entry extends Info {
  /** Lines that also name the commit's name, by lower-cased name. */
  names: Map<string, Info>;
}

/** A parsed mailmap. */
export class Mailmap {
  private readonly entries = new Map<string, Entry>();

  /** Adds the lines of one source. */
  read(text: string): void {
    for (const line of text.split("\n")) {
      if (line.startsWith("#")) continue;
      const first = nameAndEmail(line);
      if (!first) continue;
      const second = nameAndEmail(line.slice(first.end));
      if (second) this.add(first.name, first.email, second.name, second.email);
      else this.add(first.name, undefined, undefined, first.email);
    }
  }

  private add(name: string | undefined, email: string | undefined, oldName: string | undefined, oldEmail: string): void {
    const key = oldEmail.toLowerCase();
    let e = this.entries.get(key);
    if (!e) this.entries.set(key, (e = { names: new Map() }));
    if (oldName === undefined) {
      if (name !== undefined) e.name = name;
      if (email !== undefined) e.email = email;
    } else e.names.set(oldName.toLowerCase(), { name, email });
  }

  /** The proper name and email for a commit's. */
  map(name: string, email: string): { name: string; email: string } {
    const e = this.entries.get(email.toLowerCase());
    if (!e) return { name, email };
    const info = e.names.get(name.toLowerCase()) ?? e;
    return { name: info.name ?? name, email: info.email ?? email };
  }

  get size(): number {
    return this.entries.size;
  }
}

/** "Name <email>" at the start of `s`: the name (trimmed, undefined when empty), the email, and where the text after ">" starts. */
function nameAndEmail(s: string): { name: string | undefined; email: string; end: number } | undefined {
  const lt = s.indexOf("<");
  if (lt < 0) return undefined;
  const gt = s.indexOf(">", lt + 1);
  if (gt < 0) return undefined;
  const name = s.slice(0, lt).trim();
  return { name: name === "" ? undefined : name, email: s.slice(lt + 1, gt), end: gt + 1 };
}

const loaded = new WeakMap<Repository, Mailmap | undefined>();

/** The repository's mailmap (undefined when it has none), read once. */
export function mailmapOf(repo: Repository): Mailmap | undefined {
  if (loaded.has(repo)) return loaded.get(repo);
  const map = new Mailmap();
  const file = (path: string) => {
    try {
      map.read(readFile(path, "utf8"));
    } catch {}
  };
  const blob = (rev: string) => {
    const r = tryResolve(repo, rev);
    if (r && repo.readObject(r.oid).type === "blob") map.read(Buffer.from(repo.readTyped(r.oid, "blob")).toString("utf8"));
  };
  if (repo.workTree) file(`${repo.workTree}/.mailmap`);
  const configuredBlob = repo.config.get("mailmap.blob") ?? (repo.workTree ? undefined : "HEAD:.mailmap");
  if (configuredBlob) blob(configuredBlob);
  const configuredFile = repo.config.get("mailmap.file");
  // (A relative path is from the top of the work tree, where git runs.)
  if (configuredFile) file(configuredFile.startsWith("~/") ? `${repo.env.HOME ?? ""}/${configuredFile.slice(2)}` : resolve(repo.workTree || repo.gitDir, configuredFile));
  const result = map.size ? map : undefined;
  loaded.set(repo, result);
  return result;
}
