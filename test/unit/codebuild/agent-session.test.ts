import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { AgentSession } from '../../../src/engine/codebuild/agent-session.js';

function fakeAgent() {
  const stdin = new PassThrough();
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  const requests: string[] = [];
  stdin.on('data', (d: Buffer) => requests.push(...d.toString().split('\n').filter(Boolean)));
  const session = new AgentSession({ stdin, stdout, stderr }, 'n0nce');
  return { session, stdout, stderr, requests };
}

describe('agent session protocol', () => {
  it('splits command output from the result line, even across chunk boundaries', async () => {
    const { session, stdout, requests } = fakeAgent();
    let out = '';
    const p = session.run(3, 'sh', 'keep', undefined, (c) => (out += c));
    stdout.write('hello\nwor');
    stdout.write('ld\n\n\u001eCODELO');
    stdout.write('CAL n0nce 3 7\n');
    expect(await p).toBe(7);
    expect(out).toBe('hello\nworld\n');
    expect(requests).toEqual(['R 3 sh keep -']);
  });

  it('treats a result line with another nonce as plain output (commands cannot forge results)', async () => {
    const { session, stdout } = fakeAgent();
    let out = '';
    const p = session.run(1, 'bash', 'fresh', 'codebuild-user', (c) => (out += c));
    stdout.write('\u001eCODELOCAL forged 1 0\n');
    stdout.write('\n\u001eCODELOCAL n0nce 1 2\n');
    expect(await p).toBe(2);
    expect(out).toContain('forged');
  });

  it('keeps output without a trailing newline as written', async () => {
    const { session, stdout } = fakeAgent();
    let out = '';
    const p = session.run(0, 'sh', 'keep', undefined, (c) => (out += c));
    stdout.write('nonl\n\u001eCODELOCAL n0nce 0 0\n');
    expect(await p).toBe(0);
    expect(out).toBe('nonl');
  });

  it('rejects the running command when the container ends', async () => {
    const { session, stdout } = fakeAgent();
    const p = session.run(0, 'sh', 'keep', undefined, () => undefined);
    stdout.end();
    await expect(p).rejects.toThrow(/ended/);
  });
});
