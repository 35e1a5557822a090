/** Reading dockerode's errors: it reports HTTP failures as Error objects carrying `statusCode` and `json`. */

export interface DockerApiError extends Error {
  statusCode?: number;
  json?: { message?: string } | null;
  reason?: string;
}

export function statusOf(e: unknown): number | undefined {
  return (e as DockerApiError | undefined)?.statusCode;
}

/** Podman answers some lookups of a missing object with 500 and this text instead of a 404. */
const PODMAN_MISSING = /no such (container|image|volume|network)|does not exist in database/i;

export function isNotFound(e: unknown): boolean {
  return statusOf(e) === 404 || (statusOf(e) === 500 && PODMAN_MISSING.test(engineMessage(e)));
}

/** The engine's own message when there is one (dockerode wraps it in "(HTTP code 500) server error - ..."). */
export function engineMessage(e: unknown): string {
  const err = e as DockerApiError | undefined;
  const fromJson = err?.json && typeof err.json === 'object' ? err.json.message : undefined;
  return (fromJson ?? err?.message ?? String(e)).trim();
}

/** Resolves to undefined instead of throwing when the engine says 404. */
export async function orUndefinedWhenMissing<T>(p: Promise<T>): Promise<T | undefined> {
  try {
    return await p;
  } catch (e) {
    if (isNotFound(e)) return undefined;
    throw e;
  }
}

/** Removal that tolerates "already gone" (404) and "removal already in progress" (409). */
export async function ignoreGone(p: Promise<unknown>): Promise<void> {
  try {
    await p;
  } catch (e) {
    const s = statusOf(e);
    if (isNotFound(e)) return;
    if (s === 409 && /already in progress/i.test(engineMessage(e))) return;
    throw e;
  }
}
