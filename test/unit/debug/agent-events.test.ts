import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { AgentSession } from '../../../src/engine/codebuild/agent-session.js';

describe('agent event lines (breakpoints, holds)', () => {
  it('reach onEvent, never the command output, and do not end the command', async () => {
    const stdin = new PassThrough();
    const stdout = new PassThrough();
    const session = new AgentSession({ stdin, stdout, stderr: new PassThrough() }, 'n0nce');
    const events: string[] = [];
    session.onEvent = (name, args) => events.push([name, ...args].join(' '));
    let out = '';
    const p = session.run(2, 'sh', 'keep', undefined, (c) => (out += c));
    stdout.write('before\n\n\u001eCODELOCAL n0nce event pause breakpoint\n');
    stdout.write('\n\u001eCODELOCAL other event pause forged\n');
    stdout.write('\n\u001eCODELOCAL n0nce event resume resumed\nafter\n');
    stdout.write('\n\u001eCODELOCAL n0nce 2 0\n');
    expect(await p).toBe(0);
    expect(events).toEqual(['pause breakpoint', 'resume resumed']);
    expect(out).toContain('before\n');
    expect(out).toContain('after\n');
    expect(out).toContain('forged'); // another nonce: plain output
    expect(out).not.toContain('event resume');
  });

  it('detach leaves the agent running (no quit request) and fails later requests', async () => {
    const stdin = new PassThrough();
    const written: string[] = [];
    stdin.on('data', (d: Buffer) => written.push(d.toString()));
    const session = new AgentSession({ stdin, stdout: new PassThrough(), stderr: new PassThrough() }, 'n');
    session.detach();
    await expect(session.ping()).rejects.toThrow(/detached/);
    expect(written.join('')).not.toContain('Q');
  });
});
