/**
 * What every route of the UI server shares: the project it serves (cwd, state folder), the server token,
 * the runs it started in this process, and how errors become JSON answers (a CodelocalError keeps its
 * code and words; status 400 for bad input, 403 for the token, 500 otherwise; never a stack trace).
 */
import type { Context } from 'hono';
import { CodelocalError, InputError } from '../errors.js';
import type { EngineOptions } from '../api/index.js';
import type { UiRuns } from './runs.js';

export interface UiContext {
  state: { cwd?: string; stateDir?: string };
  token: string;
  runs: UiRuns;
  /** Passed to runs this server starts (tests give a runtime or fake providers). */
  engine: Partial<EngineOptions>;
}

export function notFound(what: string): InputError {
  return new InputError('UI_REQUEST_INVALID', `${what} is not recorded in this state folder`);
}

export function errorResponse(e: unknown, c: Context): Response {
  if (e instanceof CodelocalError) {
    const status = e.code === 'UI_TOKEN_INVALID' ? 403 : e.kind === 'input' ? 400 : 500;
    return c.json({ code: e.code, message: e.message, details: e.details ?? [] }, status);
  }
  return c.json({ code: 'INTERNAL', message: (e as Error)?.message ?? String(e) }, 500);
}

/** The JSON body of a request, or an InputError naming what is wrong with it. */
export async function jsonBody(c: Context): Promise<Record<string, unknown>> {
  try {
    const body: unknown = await c.req.json();
    if (body && typeof body === 'object' && !Array.isArray(body)) return body as Record<string, unknown>;
  } catch {
    // fall through
  }
  throw new InputError('UI_REQUEST_INVALID', 'the request body must be a JSON object');
}

export function optionalString(body: Record<string, unknown>, key: string): string | undefined {
  const v = body[key];
  if (v === undefined || v === null || v === '') return undefined;
  if (typeof v !== 'string') throw new InputError('UI_REQUEST_INVALID', `${key} must be a string`);
  return v;
}
