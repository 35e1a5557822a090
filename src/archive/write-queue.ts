/**
 * A bounded set of background file writes for extraction: small files are written while the next
 * entry is read, a few at a time, and the first failure surfaces at the next wait or at drain.
 */
export class WriteQueue {
  private readonly pending = new Set<Promise<void>>();
  private failure: unknown;
  constructor(private readonly limit: number) {}
  add(p: Promise<void>): void {
    const tracked = p.catch((e: unknown) => {
      this.failure ??= e;
    });
    this.pending.add(tracked);
    void tracked.finally(() => this.pending.delete(tracked));
  }
  /** Makes room for one more write. */
  async wait(): Promise<void> {
    if (this.failure) throw this.failure;
    while (this.pending.size >= this.limit) await Promise.race(this.pending);
    if (this.failure) throw this.failure;
  }
  /** Waits for every write and surfaces the first error. */
  async drain(): Promise<void> {
    await Promise.all(this.pending);
    if (this.failure) throw this.failure;
  }
}
