/**
 * The build timeout as a timer that can pause: time spent in a debug shell or a failure hold is the
 * user's, not the build's, so it does not count (docs/debugging.md). Breakpoints are different:
 * in the cloud the build keeps its timeout while paused, and so it does here.
 */
export class Deadline {
  private timer: NodeJS.Timeout | undefined;
  private remainingMs: number;
  private startedAt = 0;
  private paused = 0;

  constructor(
    ms: number,
    private readonly onExpire: () => void,
  ) {
    this.remainingMs = ms;
    this.arm();
  }

  /** Nested pauses are counted: the timer runs again when the last one ends. */
  pause(): void {
    if (this.paused++ > 0 || !this.timer) return;
    clearTimeout(this.timer);
    this.timer = undefined;
    this.remainingMs = Math.max(0, this.remainingMs - (Date.now() - this.startedAt));
  }

  resume(): void {
    if (this.paused === 0 || --this.paused > 0) return;
    this.arm();
  }

  clear(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.remainingMs = Infinity;
  }

  private arm(): void {
    if (!Number.isFinite(this.remainingMs)) return;
    this.startedAt = Date.now();
    this.timer = setTimeout(this.onExpire, this.remainingMs);
    this.timer.unref();
  }
}
