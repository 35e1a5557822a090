/**
 * The per-server token (docs/ui.md, "Security"): a page served by another origin in the same browser can
 * send requests to 127.0.0.1 but cannot read our pages, so it never learns the token, and every request
 * that changes state must carry it in a header (`x-codelocal-token`), which a cross-origin form or
 * `fetch` without CORS cannot set. Off loopback (`--host`), every request needs it: the printed URL
 * carries it as `?token=`. The Host check stops DNS rebinding from turning another name into "same origin".
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { MiddlewareHandler } from 'hono';

export const TOKEN_HEADER = 'x-codelocal-token';

export function newToken(): string {
  return randomBytes(24).toString('hex');
}

export function isLoopback(host: string): boolean {
  return host === '127.0.0.1' || host === 'localhost' || host === '::1' || host.startsWith('127.');
}

function same(a: string | undefined, b: string): boolean {
  if (a === undefined) return false;
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

function forbidden(message: string): Response {
  return Response.json({ code: 'UI_TOKEN_INVALID', message }, { status: 403 });
}

/** Refuses what the token rules above refuse; `loopback` says how the server was bound. */
export function tokenGuard(token: string, loopback: boolean): MiddlewareHandler {
  return async (c, next) => {
    const host = (c.req.header('host') ?? '').replace(/:\d+$/, '').replace(/^\[|\]$/g, '');
    if (loopback && !isLoopback(host)) return forbidden(`host ${host} is not this loopback server`);
    const given = c.req.header(TOKEN_HEADER) ?? c.req.query('token');
    const changes = c.req.method !== 'GET' && c.req.method !== 'HEAD';
    // A query token counts only for reads: a state change must come from our own page's script.
    if (changes && !same(c.req.header(TOKEN_HEADER), token)) {
      return forbidden(`a request that changes state needs the ${TOKEN_HEADER} header of this server`);
    }
    if (!loopback && !same(given, token))
      return forbidden('this server is off loopback: every request needs its token');
    await next();
  };
}
