/**
 * The exit codes of every command, one place: the pipeline returns them, the shell exits
 * with them and explains them in --help.
 */
export const exitCodes = {
  done: 0,
  error: 1,
  /** `upgrade --check`: a run would change files. */
  changesPending: 2,
  /** Conflicts were left in the files to resolve. */
  conflicts: 3,
  /** The user cancelled a prompt (the shell's convention for Ctrl-C). */
  cancelled: 130,
} as const;

/** A command interrupted by a signal exits 128 + the signal's number, as shells report it. */
export const signalExitCodes = { SIGINT: 130, SIGTERM: 143, SIGHUP: 129 } as const;

export type ExitCode = (typeof exitCodes)[keyof typeof exitCodes];
