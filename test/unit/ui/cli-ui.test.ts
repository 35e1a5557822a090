/**
 * `codelocal ui` as a command (the built CLI): it prints its URL and serves until SIGINT, reading a state
 * folder that does not exist leaves nothing behind (issue 17), `--port` is checked, and `--host` off
 * loopback warns and puts the token in the URL, without which a request is refused.
 */
import { execa, type ResultPromise } from 'execa';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';

const CLI = join(process.cwd(), 'dist/cli/main.js');
const made: string[] = [];
afterAll(() => made.forEach((d) => rmSync(d, { recursive: true, force: true })));
const ENV = { NO_COLOR: '1', DISPLAY: '', WAYLAND_DISPLAY: '' };

function fresh(): string {
  const d = mkdtempSync(join(tmpdir(), 'codelocal-ui-cli-'));
  made.push(d);
  return d;
}

/** The first URL the process prints on `stream`. */
function urlFrom(p: ResultPromise, stream: 'stdout' | 'stderr'): Promise<string> {
  return new Promise((resolve, reject) => {
    let seen = '';
    p[stream]!.on('data', (b: Buffer) => {
      seen += b.toString();
      const m = /codelocal ui: (http:\/\/\S+)/.exec(seen);
      if (m) resolve(m[1]!);
    });
    p.catch(reject);
  });
}

it('serves the history of a state folder, creates nothing, and exits 0 on SIGINT', async () => {
  const dir = fresh();
  const state = join(dir, 'state');
  const p = execa('node', [CLI, 'ui', '--state-dir', state], { cwd: dir, reject: false, env: ENV });
  const url = await urlFrom(p, 'stdout');
  expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
  const page = await (await fetch(`${url}api/runs`)).json();
  expect(page).toEqual({ rows: [], total: 0, names: [] });
  p.kill('SIGINT');
  const r = await p;
  expect(r.exitCode).toBe(0);
  expect(existsSync(state)).toBe(false);
});

it('refuses a --port that is not a port (exit 2, FLAG_INVALID)', async () => {
  const r = await execa('node', [CLI, 'ui', '--port', 'eighty'], { cwd: fresh(), reject: false, env: ENV });
  expect(r.exitCode).toBe(2);
  expect(r.stderr).toContain('FLAG_INVALID');
});

it('off loopback warns, and the URL carries the token every request needs', async () => {
  const dir = fresh();
  const p = execa('node', [CLI, 'ui', '--host', '0.0.0.0', '--state-dir', join(dir, 's')], {
    cwd: dir,
    reject: false,
    env: ENV,
  });
  const url = await urlFrom(p, 'stdout');
  const token = new URL(url).searchParams.get('token');
  expect(token).toMatch(/^[0-9a-f]{48}$/);
  const base = `http://127.0.0.1:${new URL(url).port}/`;
  expect((await fetch(`${base}api/runs`)).status).toBe(403);
  expect((await fetch(`${base}api/runs?token=${token}`)).status).toBe(200);
  p.kill('SIGINT');
  const r = await p;
  expect(r.stderr).toContain('warning: codelocal ui listens on 0.0.0.0');
});
