/** Process exit codes, as documented in the README: scripts branch on these. */
export const EXIT_OK = 0;
export const EXIT_USAGE = 1;
export const EXIT_SOME_FAILED = 2;
/** 128 + SIGINT, what shells report for a job stopped with Ctrl-C. */
export const EXIT_INTERRUPTED = 130;

/** A mistake on the command line, found after parsing (commander reports the ones it finds itself). */
export class UsageError extends Error {
  override name = 'UsageError';
}
