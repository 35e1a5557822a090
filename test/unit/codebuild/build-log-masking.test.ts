/**
 * Masking over the stream, not by line or chunk (issue 17; docs/stubs.md "What is masked"): output
 * that pauses mid-secret for longer than the log's 250 ms partial-line flush must never show it.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { BuildLog } from '../../../src/engine/codebuild/build-log.js';
import { SecretMasker } from '../../../src/stores/masking.js';

function logWith(...secrets: string[]) {
  const masker = new SecretMasker();
  masker.addAll(secrets);
  let seen = '';
  const log = new BuildLog({ sinks: [(t) => (seen += t)], masker });
  return { log, seen: () => seen };
}

describe('stream masking with pauses', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('holds back a possible secret start across a 250 ms+ pause, then masks it whole', () => {
    const { log, seen } = logWith('hunter2-value');
    log.output('password is hunt');
    vi.advanceTimersByTime(1000);
    // What cannot be part of the secret is shown while the command is silent (a prompt, a progress line).
    expect(seen()).toBe('password is ');
    log.output('er2-value and more\n');
    expect(seen()).toBe('password is *** and more\n');
  });

  it('releases held text once it can no longer be a secret', () => {
    const { log, seen } = logWith('hunter2-value');
    log.output('hunt');
    vi.advanceTimersByTime(300);
    expect(seen()).toBe('');
    log.output('ing season');
    vi.advanceTimersByTime(300);
    expect(seen()).toBe('hunting season');
  });

  it('a secret dribbled out one character per pause never appears', () => {
    const secret = 'AKIAIOSFODNN7EXAMPLE';
    const { log, seen } = logWith('my-other-secret');
    for (const c of `key=${secret} ok`) {
      log.output(c);
      vi.advanceTimersByTime(400);
    }
    log.endOfCommand();
    expect(seen()).not.toContain(secret);
    expect(seen()).not.toContain('AKIAIOSF');
    expect(seen()).toBe('key=*** ok\n');
  });

  it('the end of a command flushes what was held, masked', () => {
    const { log, seen } = logWith('topsecret');
    log.output('x top');
    vi.advanceTimersByTime(300);
    log.endOfCommand();
    expect(seen()).toBe('x top\n\n');
  });
});

describe('SecretMasker.pendingPrefixLength', () => {
  it('counts the longest end that starts a secret or an access key id', () => {
    const m = new SecretMasker();
    m.add('abcdef');
    expect(m.pendingPrefixLength('xx abc')).toBe(3);
    expect(m.pendingPrefixLength('xx abd')).toBe(0);
    expect(m.pendingPrefixLength('id AKIA12')).toBe(6);
    expect(m.pendingPrefixLength('BAKIA12')).toBe(0);
  });
});
