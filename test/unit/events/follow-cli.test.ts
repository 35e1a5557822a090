/*
 * `codelocal events --follow` (the built CLI, docs/events.md): prints the recorded events, then each new one as
 * it is appended, and ends cleanly on Ctrl-C with exit 0 (stopping a reader loses nothing).
 */
import { execa } from 'execa';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { ecrImagePushEvent } from '../../../src/model/index.js';
import { EventsLog } from '../../../src/stores/index.js';

const CLI = join(process.cwd(), 'dist/cli/main.js');
const made: string[] = [];
afterAll(() => made.forEach((d) => rmSync(d, { recursive: true, force: true })));
const push = (tag: string) =>
  ecrImagePushEvent(
    { account: '123456789012', region: 'us-east-1' },
    { repositoryName: 'r', imageTag: tag, imageDigest: 'sha256:1' },
  );

describe('codelocal events --follow', () => {
  it('streams recorded then new events as JSON Lines and exits 0 on SIGINT', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'codelocal-follow-'));
    made.push(dir);
    const state = join(dir, 'state');
    const log = new EventsLog(join(state, 'events.jsonl'));
    log.append(push('before'));
    const child = execa('node', [CLI, 'events', '--follow', '--json', '--state-dir', state], {
      cwd: dir,
      reject: false,
      env: { NO_COLOR: '1' },
    });
    let out = '';
    child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
    await vi.waitFor(() => expect(out).toContain('"before"'), { timeout: 10_000 });
    log.append(push('after'));
    await vi.waitFor(() => expect(out).toContain('"after"'), { timeout: 10_000 });
    child.kill('SIGINT');
    const r = await child;
    expect(r.exitCode).toBe(0);
    expect(r.stderr).toBe('');
    const tags = out
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l).detail['image-tag']);
    expect(tags).toEqual(['before', 'after']);
  }, 30_000);
});
