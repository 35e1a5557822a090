/**
 * `codelocal ui [--port N] [--host H] [--open]`: the web view of the state folder's history, live
 * (docs/ui.md). It serves until Ctrl-C. Off loopback it warns and every request needs the printed token.
 * Also the `pipeline run --ui` hook: the same server for the length of one run, opened on its execution.
 */
import { spawn } from 'node:child_process';
import type { Command } from 'commander';
import { InputError } from '../../errors.js';
// The server (Hono, the API, the engine) is imported inside the action: start-up time of every command.
import type { UiServer } from '../../ui/index.js';
import { addOptions, fillOptions, setField, type CliOptionTable } from '../option-table.js';
import { stateDirOption } from './common-options.js';

interface UiCliOptions {
  port?: number;
  host?: string;
  open?: boolean;
  stateDir?: string;
}

function parsePort(raw: string | undefined): number | undefined {
  if (raw === undefined) return undefined;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0 || n > 65_535) {
    throw new InputError('FLAG_INVALID', `--port must be a whole number from 0 to 65535, got '${raw}'`);
  }
  return n;
}

export const UI_OPTIONS: CliOptionTable<UiCliOptions> = [
  {
    flags: '--port <n>',
    description: 'port to listen on (default: a free one)',
    fill: (out, raw: string | undefined) => (out.port = parsePort(raw)),
  },
  {
    flags: '--host <address>',
    description: 'address to bind (default 127.0.0.1; anything else warns and requires the token on every request)',
    fill: setField('host'),
  },
  { flags: '--open', description: 'open the page in the default browser', fill: setField('open') },
  stateDirOption(),
];

/**
 * Best effort, and only with a desktop: without DISPLAY/WAYLAND_DISPLAY on Linux, xdg-open would start a
 * text browser in this terminal (over the run's own output); the printed URL is the way in there.
 */
export function openInBrowser(url: string): void {
  if (process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY) return;
  const cmd = process.platform === 'darwin' ? 'open' : process.platform === 'win32' ? 'explorer' : 'xdg-open';
  try {
    const child = spawn(cmd, [url], { stdio: 'ignore', detached: true });
    child.on('error', () => undefined);
    child.unref();
  } catch {
    // the printed URL is the way in
  }
}

export function warnOffLoopback(server: UiServer): void {
  if (server.loopback) return;
  process.stderr.write(
    `warning: codelocal ui listens on ${server.host}, reachable from other machines; every request needs the token in the URL below, and anyone with it can approve, retry and stop runs\n`,
  );
}

/** Starts the server for one `pipeline run --ui`: prints (and opens) the execution's page when it exists. */
export async function uiForRun(stateDir: string | undefined): Promise<{
  onStart: (executionId: string) => void;
  close: () => Promise<void>;
}> {
  const { startUiServer } = await import('../../ui/index.js');
  const server = await startUiServer({ stateDir });
  return {
    onStart: (id) => {
      const url = server.executionUrl(id);
      process.stderr.write(`codelocal ui: ${url}\n`);
      openInBrowser(url);
    },
    close: () => server.close(),
  };
}

export function register(program: Command): void {
  const cmd = program
    .command('ui')
    .description('Serve a live web view of pipeline executions and builds (approve, retry, stop, start from the page)');
  addOptions(cmd, UI_OPTIONS)
    .addHelpText(
      'after',
      `
Examples:
  codelocal ui                      # http://127.0.0.1:<free port>/
  codelocal ui --port 8080 --open
  codelocal ui --host 0.0.0.0       # other machines: warns, the URL carries the token
`,
    )
    .action(async (raw: Record<string, unknown>) => {
      const o = fillOptions<UiCliOptions>(UI_OPTIONS, raw, {});
      const { startUiServer } = await import('../../ui/index.js');
      const server = await startUiServer({ port: o.port, host: o.host, stateDir: o.stateDir });
      warnOffLoopback(server);
      process.stdout.write(`codelocal ui: ${server.url}\n(Ctrl-C to stop)\n`);
      if (o.open) openInBrowser(server.url);
      await new Promise<void>((resolve) => {
        const done = () => {
          process.off('SIGINT', done);
          process.off('SIGTERM', done);
          resolve();
        };
        process.on('SIGINT', done);
        process.on('SIGTERM', done);
      });
      await server.close();
    });
}
