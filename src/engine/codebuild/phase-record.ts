/**
 * Records phases as the API reports them: SUBMITTED, QUEUED, PROVISIONING, DOWNLOAD_SOURCE,
 * INSTALL ... UPLOAD_ARTIFACTS, FINALIZING, COMPLETED (docs/aws/codebuild.md §2.1), each with status,
 * times, duration and contexts; COMPLETED has only a start time, as in the API.
 */
import type { BuildPhase, PhaseContext, StatusType } from './build-types.js';

const EMPTY_CONTEXT: PhaseContext = { statusCode: '', message: '' };

export class PhaseRecord {
  readonly phases: BuildPhase[] = [];
  private open: { phase: BuildPhase; startMs: number } | undefined;

  begin(phaseType: string): void {
    this.end('SUCCEEDED');
    const now = Date.now();
    this.open = { phase: { phaseType, startTime: new Date(now).toISOString() }, startMs: now };
    this.phases.push(this.open.phase);
  }

  /** Closes the open phase (if any) with a status and context. */
  end(status: StatusType, context: PhaseContext = EMPTY_CONTEXT): void {
    if (!this.open) return;
    const now = Date.now();
    const p = this.open.phase;
    p.phaseStatus = status;
    p.endTime = new Date(now).toISOString();
    p.durationInSeconds = Math.round((now - this.open.startMs) / 1000);
    p.contexts = [context];
    this.open = undefined;
  }

  get current(): string {
    return this.open?.phase.phaseType ?? this.phases[this.phases.length - 1]?.phaseType ?? 'SUBMITTED';
  }

  complete(): void {
    this.end('SUCCEEDED');
    this.phases.push({ phaseType: 'COMPLETED', startTime: new Date().toISOString() });
  }

  /** Phase durations for the summary, in milliseconds. */
  durations(): { phaseType: string; status?: StatusType; ms: number }[] {
    return this.phases
      .filter((p) => p.endTime)
      .map((p) => ({
        phaseType: p.phaseType,
        status: p.phaseStatus,
        ms: Date.parse(p.endTime!) - Date.parse(p.startTime),
      }));
  }
}
