/**
 * `codelocal ui`'s HTTP server (docs/ui.md): Hono on @hono/node-server, bound to 127.0.0.1 on a free port
 * unless told otherwise, serving the single-page app and its JSON/SSE API over the project's state folder.
 */
import { resolve } from 'node:path';
import { Hono } from 'hono';
import { serve, type ServerType } from '@hono/node-server';
import type { AddressInfo } from 'node:net';
import { EnvironmentError } from '../errors.js';
import { stateLocations, type EngineOptions } from '../api/index.js';
import { assetRoutes } from './assets.js';
import { errorResponse, type UiContext } from './context.js';
import { actionRoutes } from './routes-actions.js';
import { readRoutes } from './routes-read.js';
import { transitionRoutes } from './transitions.js';
import { UiRuns } from './runs.js';
import { isLoopback, newToken, tokenGuard } from './token.js';

export interface UiServerOptions {
  cwd?: string;
  stateDir?: string;
  /** Default 127.0.0.1. Anything else is reachable from other machines: every request then needs the token. */
  host?: string;
  /** Default 0: a free port. */
  port?: number;
  /** Fixed token (tests); a random one otherwise. */
  token?: string;
  /** Given to the runs the server starts (tests: a runtime, fake providers). */
  engine?: Partial<EngineOptions>;
}

export interface UiServer {
  /** The address to open (off loopback it carries `?token=`). */
  url: string;
  host: string;
  port: number;
  token: string;
  loopback: boolean;
  executionUrl(executionId: string): string;
  buildUrl(buildId: string): string;
  close(): Promise<void>;
}

export function createUiApp(ui: UiContext, loopback: boolean): Hono {
  const app = new Hono();
  app.onError((e, c) => errorResponse(e, c));
  app.use('*', tokenGuard(ui.token, loopback));
  assetRoutes(app, ui.token);
  readRoutes(app, ui);
  actionRoutes(app, ui);
  transitionRoutes(app, ui);
  return app;
}

function listen(app: Hono, host: string, port: number): Promise<{ server: ServerType; port: number }> {
  return new Promise((done, fail) => {
    const server = serve({ fetch: app.fetch, hostname: host, port }, (info: AddressInfo) =>
      done({ server, port: info.port }),
    );
    server.once('error', (e: NodeJS.ErrnoException) =>
      fail(
        new EnvironmentError(
          'UI_PORT_IN_USE',
          `codelocal ui cannot listen on ${host}:${port}: ${e.code ?? e.message}`,
          {
            details: ['choose another --port, or leave it out for a free one'],
          },
        ),
      ),
    );
  });
}

export async function startUiServer(o: UiServerOptions = {}): Promise<UiServer> {
  const host = o.host ?? '127.0.0.1';
  const loopback = isLoopback(host);
  const token = o.token ?? newToken();
  const cwd = resolve(o.cwd ?? process.cwd());
  // Absolute, so runs started with another cwd (their recorded one) still write to this state folder.
  const state = { cwd, stateDir: stateLocations({ cwd, stateDir: o.stateDir }).root };
  const runs = new UiRuns(o.engine ?? {});
  const app = createUiApp({ state, token, runs, engine: o.engine ?? {} }, loopback);
  const { server, port } = await listen(app, host, o.port ?? 0);
  const shownHost = host.includes(':') ? `[${host}]` : host;
  const base = `http://${shownHost}:${port}/`;
  const query = loopback ? '' : `?token=${token}`;
  return {
    url: base + query,
    host,
    port,
    token,
    loopback,
    executionUrl: (id) => `${base}${query}#/pipeline/${encodeURIComponent(id)}`,
    buildUrl: (id) => `${base}${query}#/build/${encodeURIComponent(id)}`,
    close: async () => {
      await runs.closeAll();
      await new Promise<void>((done) => {
        (server as { closeAllConnections?: () => void }).closeAllConnections?.();
        server.close(() => done());
      });
    },
  };
}
