/**
 * Runs the UI server started (Retry, Start): they run in the server process, like `codelocal pipeline run`
 * would, and write the same history, so the pages follow them as they follow any run. A request waits
 * only until the execution exists (its id is the answer) or the run refused to start (bad input); the
 * run then goes on in the background. Closing the server stops and abandons what is still running.
 */
import type { EngineOptions, PipelineRunResult } from '../api/index.js';
import { StopController } from '../engine/pipeline/index.js';

type Launch = (engine: EngineOptions) => Promise<PipelineRunResult>;

export class UiRuns {
  private readonly running = new Map<Promise<unknown>, StopController>();

  constructor(private readonly engine: Partial<EngineOptions>) {}

  /** Resolves with the execution id once it exists; rejects with the error of a run that could not start. */
  start(launch: Launch): Promise<string> {
    const stop = new StopController();
    return new Promise<string>((resolve, reject) => {
      let started = false;
      const run = launch({
        ...this.engine,
        stop,
        onStart: (id) => {
          started = true;
          resolve(id);
        },
      });
      this.running.set(run, stop);
      run
        .catch((e: unknown) => {
          if (!started) reject(e);
          // After the start the error is in the history (the execution ended Failed); nothing to add.
        })
        .finally(() => this.running.delete(run));
    });
  }

  get size(): number {
    return this.running.size;
  }

  /** Stops (abandoning running actions) every run this server started, and waits for them to end. */
  async closeAll(): Promise<void> {
    for (const stop of this.running.values()) stop.request(true, '', 'Stopped: codelocal ui was closed');
    await Promise.allSettled([...this.running.keys()]);
  }
}
