/** What the engine reports while it runs; the CLI's live view and plain-line printer listen. */
import type { ActionExecutionStatus, PipelineExecutionStatus } from '../../stores/index.js';

export type StageStatus = 'InProgress' | 'Succeeded' | 'Failed' | 'Stopping' | 'Stopped' | 'Skipped';

export type PipelineEvent =
  | { type: 'execution'; executionId: string; pipelineName: string; status: PipelineExecutionStatus; summary?: string }
  | { type: 'stage'; stage: string; status: StageStatus }
  | {
      type: 'action';
      stage: string;
      action: string;
      status: ActionExecutionStatus;
      actionExecutionId: string;
      summary?: string;
      time: number;
    }
  | { type: 'log'; stage: string; action: string; text: string }
  | { type: 'notice'; message: string };

export type EventSink = (event: PipelineEvent) => void;
