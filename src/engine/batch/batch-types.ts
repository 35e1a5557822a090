/**
 * A batch build's result in the shape of CodeBuild's `BatchGetBuildBatches` BuildBatch, so scripts written
 * against AWS read ours. Local additions live under `codelocal`, as in Build.
 */
import type { BatchKind } from '../../model/index.js';
import type { Build, PhaseContext, StatusType } from '../codebuild/index.js';

/** Batch phases in the order CodeBuild goes through them; the last one is named after the outcome. */
export type BatchPhaseType =
  'SUBMITTED' | 'DOWNLOAD_BATCHSPEC' | 'IN_PROGRESS' | 'COMBINE_ARTIFACTS' | 'SUCCEEDED' | 'FAILED' | 'STOPPED';

export interface BuildBatchPhase {
  phaseType: BatchPhaseType;
  phaseStatus?: StatusType;
  startTime: string;
  endTime?: string;
  durationInSeconds?: number;
  contexts?: PhaseContext[];
}

/** The API's ResolvedArtifact. */
export interface ResolvedArtifact {
  type: 'S3' | 'NO_ARTIFACTS';
  location?: string;
  identifier?: string;
}

export interface BuildSummary {
  arn: string;
  requestedOn: string;
  buildStatus: StatusType;
  primaryArtifact?: ResolvedArtifact;
  secondaryArtifacts: ResolvedArtifact[];
}

export interface BuildGroup {
  identifier: string;
  dependsOn: string[];
  ignoreFailure: boolean;
  /** Absent when the member never started (a failed dependency, fast-fail, a stopped batch). */
  currentBuildSummary?: BuildSummary;
}

/** A member's local outcome: its status, or NOT_STARTED with the reason. */
export type MemberStatus = StatusType | 'NOT_STARTED';

export interface BatchMember {
  identifier: string;
  label: string;
  status: MemberStatus;
  reason?: string;
  requestedOn?: string;
  /** The member's build id (`<project>:<uuid>`) once it ran. */
  buildId?: string;
}

export interface BuildBatch {
  id: string;
  arn: string;
  startTime: string;
  endTime?: string;
  currentPhase: BatchPhaseType;
  buildBatchStatus: StatusType;
  buildBatchNumber: number;
  projectName: string;
  sourceVersion?: string;
  resolvedSourceVersion?: string;
  phases: BuildBatchPhase[];
  source: { type: string; location?: string; buildspec?: string };
  environment: { type: string; image: string; computeType: string; privilegedMode: boolean };
  buildBatchConfig: { combineArtifacts: boolean };
  complete: boolean;
  initiator: string;
  debugSessionEnabled: boolean;
  buildGroups: BuildGroup[];
  /** Local additions, not in the AWS shape. */
  codelocal: {
    batchKind: BatchKind;
    fastFail: boolean;
    maxParallel: number;
    /** The buildspec the batch section was read from. */
    batchspec: string;
    members: BatchMember[];
    /** Every member that ran, by identifier: the full Build as `codelocal build --json` gives it. */
    builds: Record<string, Build>;
    warnings: string[];
  };
}
