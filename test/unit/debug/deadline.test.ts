import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Deadline } from '../../../src/engine/codebuild/deadline.js';

describe('build timeout that pauses during a debug shell', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('time spent paused does not count', () => {
    const expired = vi.fn();
    const d = new Deadline(1000, expired);
    vi.advanceTimersByTime(600);
    d.pause();
    vi.advanceTimersByTime(10_000);
    expect(expired).not.toHaveBeenCalled();
    d.resume();
    vi.advanceTimersByTime(399);
    expect(expired).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1);
    expect(expired).toHaveBeenCalledOnce();
  });

  it('nested pauses resume only when the last one ends; clear stops it for good', () => {
    const expired = vi.fn();
    const d = new Deadline(100, expired);
    d.pause();
    d.pause();
    d.resume();
    vi.advanceTimersByTime(1000);
    expect(expired).not.toHaveBeenCalled();
    d.resume();
    d.clear();
    vi.advanceTimersByTime(1000);
    expect(expired).not.toHaveBeenCalled();
  });
});
