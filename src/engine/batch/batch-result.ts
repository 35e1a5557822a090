/**
 * Assembles the BuildBatch result (batch-types.ts) from the plan, the scheduler's outcome and the phase
 * times. Pure, so the shape is unit-tested without Docker.
 */
import type { CodeBuildProject } from '../../model/index.js';
import type { BatchPlan } from '../../plan/index.js';
import type { Build, PhaseContext, StatusType } from '../codebuild/index.js';
import type { BatchRunResult } from './batch-runner.js';
import type { BatchPhaseType, BuildBatch, BuildBatchPhase, BuildSummary, ResolvedArtifact } from './batch-types.js';

/** Records batch phases as they happen; the final phase (named after the outcome) has no end, as in AWS. */
export class BatchPhaseRecord {
  readonly phases: BuildBatchPhase[] = [];

  begin(phaseType: BatchPhaseType, at = new Date()): void {
    this.phases.push({ phaseType, startTime: at.toISOString() });
  }

  /** Ends the current phase. */
  end(status: StatusType, context?: PhaseContext, at = new Date()): void {
    const p = this.phases[this.phases.length - 1];
    if (!p || p.endTime) return;
    p.endTime = at.toISOString();
    p.durationInSeconds = Math.round((at.getTime() - Date.parse(p.startTime)) / 1000);
    p.phaseStatus = status;
    if (context) p.contexts = [context];
  }

  get current(): BatchPhaseType {
    return this.phases[this.phases.length - 1]?.phaseType ?? 'SUBMITTED';
  }
}

function artifact(a: Build['artifacts']): ResolvedArtifact {
  return a ? { type: 'S3', location: a.location, identifier: a.artifactIdentifier } : { type: 'NO_ARTIFACTS' };
}

function summary(build: Build, requestedOn: string): BuildSummary {
  return {
    arn: build.arn,
    requestedOn,
    buildStatus: build.buildStatus,
    primaryArtifact: artifact(build.artifacts),
    secondaryArtifacts: build.secondaryArtifacts.map(artifact),
  };
}

export interface AssembleBatchArgs {
  id: string;
  arn: string;
  buildBatchNumber: number;
  project: CodeBuildProject;
  /** The image the batch asked for (override or project), before any task changes it. */
  image: string;
  privileged: boolean;
  batchspec: string;
  plan: BatchPlan;
  maxParallel: number;
  run: BatchRunResult;
  record: BatchPhaseRecord;
  startTime: Date;
  endTime: Date;
  initiator: string;
  sourceLocation: string;
  warnings: string[];
}

export function assembleBatch(a: AssembleBatchArgs): BuildBatch {
  const first = [...a.run.builds.values()][0];
  const builds: Record<string, Build> = Object.fromEntries(a.run.builds);
  return {
    id: a.id,
    arn: a.arn,
    startTime: a.startTime.toISOString(),
    endTime: a.endTime.toISOString(),
    currentPhase: a.record.current,
    buildBatchStatus: a.run.status,
    buildBatchNumber: a.buildBatchNumber,
    projectName: a.project.name,
    sourceVersion: first?.sourceVersion,
    resolvedSourceVersion: first?.resolvedSourceVersion,
    phases: a.record.phases,
    source: { type: a.project.source.type, location: a.sourceLocation, buildspec: a.batchspec },
    environment: {
      type: a.project.environment.type,
      image: a.image,
      computeType: a.project.environment.computeType,
      privilegedMode: a.privileged,
    },
    // Combining member artifacts into one location is not implemented; each member keeps its own.
    buildBatchConfig: { combineArtifacts: false },
    complete: true,
    initiator: a.initiator,
    debugSessionEnabled: false,
    buildGroups: a.plan.builds.map((b) => {
      const m = a.run.members.find((x) => x.identifier === b.identifier);
      const build = a.run.builds.get(b.identifier);
      return {
        identifier: b.identifier,
        dependsOn: b.dependsOn,
        ignoreFailure: b.ignoreFailure,
        currentBuildSummary: build && m?.requestedOn ? summary(build, m.requestedOn) : undefined,
      };
    }),
    codelocal: {
      batchKind: a.plan.kind,
      fastFail: a.plan.fastFail,
      maxParallel: a.maxParallel,
      batchspec: a.batchspec,
      members: a.run.members,
      builds,
      warnings: a.warnings,
    },
  };
}
