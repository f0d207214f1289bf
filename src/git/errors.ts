/** Errors worded and coded like Git's: the message is printed as is, the exit code is Git's. */

/** A Git-style failure: `message` holds the exact lines Git prints on stderr. */
export class GitError extends Error {
  override name = "GitError";
  readonly code = "ERR_GIT";
  constructor(
    message: string,
    readonly exitCode = 128,
    /** Text Git prints on stdout before failing. */
    readonly stdout = "",
  ) {
    super(message);
  }
}

/** `fatal: <msg>`, exit 128. */
export function fatal(msg: string): GitError {
  return new GitError(`fatal: ${msg}`, 128);
}
