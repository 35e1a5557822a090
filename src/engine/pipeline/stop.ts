/**
 * Stopping an execution (docs/aws/codepipeline.md §5.4). Stop and wait: nothing new starts, in-flight
 * actions finish, the execution goes Stopping → Stopped. Stop and abandon: in-flight actions are
 * killed through their AbortSignal and end Abandoned. A second stop-and-wait is refused the way
 * StopPipelineExecution refuses it; abandon is allowed while Stopping.
 *
 * Another terminal asks through a small JSON file next to the execution's logs (written with a
 * rename, so the running process never reads half of it); the running process polls for it.
 */
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { InputError } from '../../errors.js';

export type StopMode = 'wait' | 'abandon';

export interface StopRequest {
  abandon: boolean;
  reason?: string;
  time: number;
}

export function duplicatedStopRequest(executionId: string): InputError {
  return new InputError(
    'DUPLICATED_STOP_REQUEST',
    `DuplicatedStopRequestException: execution ${executionId} is already stopping; only a stop and abandon (--abandon) is accepted now`,
  );
}

export class StopController {
  private current: StopMode | undefined;
  private readonly abandonController = new AbortController();
  private readonly listeners: ((mode: StopMode) => void)[] = [];
  reason?: string;

  /** Aborted on abandon: every in-flight action's signal follows it. */
  get abandonSignal(): AbortSignal {
    return this.abandonController.signal;
  }

  get mode(): StopMode | undefined {
    return this.current;
  }

  get requested(): boolean {
    return this.current !== undefined;
  }

  onChange(listener: (mode: StopMode) => void): void {
    this.listeners.push(listener);
  }

  /** Throws DuplicatedStopRequest for a second stop-and-wait; returns the mode now in force. */
  request(abandon: boolean, executionId = '', reason?: string): StopMode {
    if (!abandon && this.current) throw duplicatedStopRequest(executionId);
    if (abandon && this.current === 'abandon') return 'abandon';
    this.current = abandon ? 'abandon' : 'wait';
    this.reason ??= reason;
    if (abandon) this.abandonController.abort(new Error('stopped and abandoned'));
    for (const l of this.listeners) l(this.current);
    return this.current;
  }
}

export function stopRequestPath(executionDir: string): string {
  return join(executionDir, 'stop-request.json');
}

export function readStopRequest(executionDir: string): StopRequest | undefined {
  const path = stopRequestPath(executionDir);
  if (!existsSync(path)) return undefined;
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as StopRequest;
  } catch {
    return undefined;
  }
}

export function writeStopRequest(executionDir: string, request: StopRequest): void {
  const path = stopRequestPath(executionDir);
  mkdirSync(dirname(path), { recursive: true });
  const tmp = `${path}.${process.pid}.tmp`;
  writeFileSync(tmp, JSON.stringify(request));
  renameSync(tmp, path);
}
