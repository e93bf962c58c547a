/**
 * The app's log. Messages go to stderr (the desktop app also keeps them in its log file).
 * Never pass secrets or user-typed text in `details`: log codes, ids and counts.
 */
export const log = {
  info(message: string, details?: Record<string, unknown>) {
    if (process.env.CHATTRAIN_QUIET) return;
    console.error(`[chattrain] ${message}`, details ? JSON.stringify(details) : '');
  },
  error(message: string, error?: unknown) {
    const detail = error instanceof Error ? `${error.name}: ${error.message}` : error === undefined ? '' : String(error);
    console.error(`[chattrain] ERROR ${message}`, detail);
  },
};
