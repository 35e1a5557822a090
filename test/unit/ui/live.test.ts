/**
 * The live side of the UI server over a real socket: a log line appended to an action's log file reaches
 * an SSE client (fs.watch, no polling), a history change re-sends the execution view, and an output
 * artifact's file list comes from the zip's central directory.
 */
import { afterAll, expect, it } from 'vitest';
import { appendFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startUiServer, type UiServer } from '../../../src/ui/index.js';
import { listZip } from '../../../src/ui/zip-listing.js';
import { createZip } from '../../../src/archive/index.js';
import { ExecutionStore } from '../../../src/stores/index.js';
import { makeHistory } from './fixture-history.js';

const cleanup: (() => Promise<void> | void)[] = [];
afterAll(async () => {
  for (const c of cleanup) await c();
});

/** Reads an SSE response until `until` matches the text received so far. */
async function readUntil(res: Response, until: (text: string) => boolean, timeoutMs = 5000): Promise<string> {
  const reader = res.body!.getReader();
  const decoder = new TextDecoder();
  let text = '';
  const deadline = Date.now() + timeoutMs;
  while (!until(text)) {
    if (Date.now() > deadline) throw new Error(`timed out; got: ${text}`);
    const { value, done } = await reader.read();
    if (done) break;
    text += decoder.decode(value, { stream: true });
  }
  await reader.cancel();
  return text;
}

async function serve(): Promise<{ f: ReturnType<typeof makeHistory>; s: UiServer }> {
  const f = makeHistory(2, 0);
  const s = await startUiServer({ cwd: f.root, stateDir: f.state });
  cleanup.push(
    () => s.close(),
    () => rmSync(f.root, { recursive: true, force: true }),
  );
  return { f, s };
}

it('streams a log file: what is there, then a line appended later', async () => {
  const { f, s } = await serve();
  const res = await fetch(`${s.url}api/pipeline-executions/${f.executionId}/actions/${f.actionId}/log`);
  expect(res.headers.get('content-type')).toContain('text/event-stream');
  setTimeout(() => appendFileSync(f.logPath, 'appended later\n'), 300);
  const text = await readUntil(res, (t) => t.includes('appended later'));
  expect(text).toContain('Entering phase BUILD');
  expect(text.indexOf('hello')).toBeLessThan(text.indexOf('appended later'));
});

it('re-sends the execution when its history changes', async () => {
  const { f, s } = await serve();
  const res = await fetch(`${s.url}api/pipeline-executions/${f.executionId}/events`);
  setTimeout(() => {
    const store = ExecutionStore.open(join(f.state, 'executions.db'));
    store.updateActionExecution(f.actionId, { status: 'Succeeded', endTime: Date.now() });
    store.close();
  }, 300);
  const text = await readUntil(res, (t) => t.includes('"status":"Succeeded"'));
  expect(text.match(/event: execution/g)?.length).toBeGreaterThanOrEqual(2);
});

it('lists the files of a zip from its central directory', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'codelocal-zip-'));
  cleanup.push(() => rmSync(dir, { recursive: true, force: true }));
  writeFileSync(join(dir, 'a.txt'), 'aaa');
  writeFileSync(join(dir, 'b.txt'), 'bbbbb');
  await createZip(
    [
      { path: 'a.txt', file: join(dir, 'a.txt') },
      { path: 'sub/b.txt', file: join(dir, 'b.txt') },
      { path: 'empty', directory: true },
    ],
    join(dir, 'out.zip'),
  );
  expect(listZip(join(dir, 'out.zip'))).toEqual([
    { name: 'a.txt', size: 3 },
    { name: 'sub/b.txt', size: 5 },
  ]);
});
