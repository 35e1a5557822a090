// AgentSession.sendArchive (files-delivery.ts): the tar is padded to whole 10 KiB records (GNU tar reads stdin a
// record at a time), and a container that goes away mid-stream ends the send with an error instead of a hang.
import { PassThrough, Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { AgentSession } from '../../../src/engine/codebuild/agent-session.js';

function streams(stdin: Writable) {
  return { stdin, stdout: new PassThrough(), stderr: new PassThrough() };
}

describe('sendArchive', () => {
  it('pads to a whole number of 10 KiB records', async () => {
    const got: Buffer[] = [];
    const stdin = new Writable({
      write(chunk: Buffer, _e, done) {
        got.push(chunk);
        done();
      },
    });
    const session = new AgentSession(streams(stdin), 'n');
    await session.sendArchive([Buffer.alloc(1536, 1)]);
    const all = Buffer.concat(got);
    expect(all.length).toBe(10240);
    expect(all.subarray(1536).every((b) => b === 0)).toBe(true);
    await session.sendArchive([Buffer.alloc(20480, 1)]);
    expect(Buffer.concat(got).length).toBe(10240 + 20480);
  });

  it('rejects instead of waiting forever when the container goes while the stream is full', async () => {
    // A stdin that never drains: the first write fills it; then the container is killed.
    const stdin = new Writable({ highWaterMark: 16, write: () => undefined });
    const session = new AgentSession(streams(stdin), 'n');
    setTimeout(() => stdin.destroy(), 20);
    const chunks = [Buffer.alloc(1024), Buffer.alloc(1024), Buffer.alloc(1024)];
    await expect(session.sendArchive(chunks)).rejects.toThrow(/ended/);
  });
});
