/*
 * The `events` section of codelocal.yml (docs/config.md) and the events log file itself (docs/events.md):
 * patterns are refused as EventBridge refuses them, the log survives a torn line, and a follower sees new
 * events until it is stopped.
 */
import { appendFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { main } from '../../../src/cli/main.js';
import { ValidationError } from '../../../src/errors.js';
import { ecrImagePushEvent, type AwsEvent } from '../../../src/model/index.js';
import { EventsLog, followEventsLog, readEventsLog } from '../../../src/stores/index.js';
import { loadConfig } from '../../../src/workspace/config.js';

const made: string[] = [];
afterAll(() => made.forEach((d) => rmSync(d, { recursive: true, force: true })));
afterEach(() => {
  process.exitCode = undefined;
});
const tmp = () => {
  const d = mkdtempSync(join(tmpdir(), 'codelocal-events-'));
  made.push(d);
  return d;
};
const CTX = { account: '123456789012', region: 'us-east-1' };
const push = (tag: string) => ecrImagePushEvent(CTX, { repositoryName: 'app', imageTag: tag, imageDigest: 'sha256:1' });

function configProblems(yaml: string): string[] {
  const root = tmp();
  writeFileSync(join(root, 'codelocal.yml'), yaml);
  try {
    loadConfig(root);
  } catch (e) {
    if (e instanceof ValidationError) return e.problems.map((p) => `${p.code} ${p.describe()}`);
    throw e;
  }
  return [];
}

describe('codelocal.yml events.targets', () => {
  it('reads command and url targets, with patterns as YAML or JSON text', () => {
    const root = tmp();
    writeFileSync(
      join(root, 'codelocal.yml'),
      'events:\n  targets:\n    - command: ./notify.sh\n      pattern: { source: [aws.codebuild] }\n' +
        '    - url: http://localhost:9000/hook\n      pattern: \'{"detail":{"state":["FAILED"]}}\'\n',
    );
    expect(loadConfig(root).config.events).toEqual({
      targets: [
        { command: './notify.sh', pattern: { source: ['aws.codebuild'] } },
        { url: 'http://localhost:9000/hook', pattern: { detail: { state: ['FAILED'] } } },
      ],
    });
  });
  it('refuses a pattern EventBridge refuses, in its words, at the pattern', () => {
    const p = configProblems('events:\n  targets:\n    - command: x\n      pattern: { source: aws.ecr }\n');
    expect(p).toHaveLength(1);
    expect(p[0]).toMatch(
      /^CONFIG_INVALID .*codelocal\.yml:4:\d+.*events\.targets\[0\]\.pattern: Event pattern is not valid\. Reason: "source" must be an object or an array/,
    );
  });
  it('needs exactly one of command and url, an http(s) url, and known keys', () => {
    expect(configProblems('events:\n  targets:\n    - pattern: { source: [a] }\n')[0]).toMatch(
      /exactly one of command or url/,
    );
    expect(configProblems('events:\n  targets:\n    - { command: a, url: "http://x" }\n')[0]).toMatch(/exactly one/);
    expect(configProblems('events:\n  targets:\n    - url: ftp://x\n')[0]).toMatch(/http:\/\/ or https:\/\//);
    expect(configProblems('events:\n  targets:\n    - { comand: a }\n')[0]).toMatch(
      /CONFIG_UNKNOWN_KEY .*comand.*command/,
    );
    expect(configProblems('events:\n  target: []\n')[0]).toMatch(/CONFIG_UNKNOWN_KEY/);
  });
});

describe('the events log', () => {
  it('reads complete lines only and skips a torn one', () => {
    const path = join(tmp(), 'events.jsonl');
    expect(readEventsLog(path)).toEqual([]);
    const log = new EventsLog(path);
    log.append(push('a'));
    appendFileSync(path, '{"torn": \n');
    log.append(push('b'));
    appendFileSync(path, '{"version":"0","still-being-wr');
    expect(readEventsLog(path).map((e) => e.detail['image-tag'])).toEqual(['a', 'b']);
  });
  it('a follower sees events appended after it started, then ends when stopped', async () => {
    const path = join(tmp(), 'state', 'events.jsonl');
    const log = new EventsLog(path);
    log.append(push('old'));
    const seen: AwsEvent[] = [];
    const ctl = new AbortController();
    const done = followEventsLog(path, (e) => seen.push(e), { signal: ctl.signal, pollMs: 20 });
    log.append(push('new1'));
    log.append(push('new2'));
    await vi.waitFor(() => expect(seen).toHaveLength(2), { timeout: 3000 });
    ctl.abort();
    await done;
    expect(seen.map((e) => e.detail['image-tag'])).toEqual(['new1', 'new2']);
  });
});

async function cli(...args: string[]): Promise<{ out: string; err: string; code: number }> {
  let out = '';
  let err = '';
  const o = vi.spyOn(process.stdout, 'write').mockImplementation((s) => ((out += String(s)), true));
  const e = vi.spyOn(process.stderr, 'write').mockImplementation((s) => ((err += String(s)), true));
  try {
    const code = await main(['node', 'codelocal', ...args]);
    return { out, err, code };
  } finally {
    o.mockRestore();
    e.mockRestore();
  }
}

describe('codelocal events test-pattern (aws events test-event-pattern, docs/aws/eventbridge.md §2.4)', () => {
  const event = JSON.stringify(push('latest'));
  it('prints {"Result": true|false}', async () => {
    const yes = await cli(
      'events',
      'test-pattern',
      '--event-pattern',
      '{"detail":{"image-tag":["latest"]}}',
      '--event',
      event,
    );
    expect(JSON.parse(yes.out)).toEqual({ Result: true });
    const no = await cli(
      'events',
      'test-pattern',
      '--event-pattern',
      '{"detail":{"image-tag":["v1"]}}',
      '--event',
      event,
    );
    expect(JSON.parse(no.out)).toEqual({ Result: false });
  });
  it('reads file:// arguments as the AWS CLI does', async () => {
    const dir = tmp();
    writeFileSync(join(dir, 'p.json'), '{"source":["aws.ecr"]}');
    writeFileSync(join(dir, 'e.json'), event);
    const r = await cli(
      'events',
      'test-pattern',
      '--event-pattern',
      `file://${join(dir, 'p.json')}`,
      '--event',
      `file://${join(dir, 'e.json')}`,
    );
    expect(JSON.parse(r.out)).toEqual({ Result: true });
  });
  it('an invalid pattern is InvalidEventPatternException in AWS words (exit 2)', async () => {
    const r = await cli('events', 'test-pattern', '--event-pattern', '{"source":"aws.ecr"}', '--event', event);
    expect(r.code).toBe(2);
    expect(r.err).toContain(
      'EVENT_PATTERN_INVALID: InvalidEventPatternException: Event pattern is not valid. Reason: "source" must be an object or an array',
    );
    const bad = await cli('events', 'test-pattern', '--event-pattern', '{nope', '--event', event);
    expect(bad.err).toContain('Reason: Invalid JSON');
  });
  it('an event without the required envelope fields is refused (§2.5)', async () => {
    const r = await cli('events', 'test-pattern', '--event-pattern', '{"source":["x"]}', '--event', '{"source":"x"}');
    expect(r.code).toBe(2);
    expect(r.err).toContain('EVENT_INVALID: ValidationException: Parameter Event is not valid.');
    expect(r.err).toMatch(/missing id, account, time, region, resources, detail-type/);
  });
});
