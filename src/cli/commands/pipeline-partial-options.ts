/**
 * The options of `pipeline run` that run only part of a pipeline (issue 11): `--skip Stage.Action`
 * (repeatable), `--artifact NAME=DIR` (what a skipped action's output holds) and `--until STAGE`.
 * Declared here once, as option-table rows, and spread into the run command's table.
 */
import type { PartialRunOptions } from '../../plan/index.js';
import type { CliOptionTable } from '../option-table.js';
import { assignmentRecord } from '../option-values.js';

export const PARTIAL_RUN_OPTIONS: CliOptionTable<PartialRunOptions> = [
  {
    flags: '--skip <Stage.Action>',
    description: 'do not run this action: it is recorded as skipped (Succeeded), its outputs empty (repeatable)',
    repeatable: true,
    fill: (out, raw: string[]) => {
      if (raw.length > 0) out.skip = raw;
    },
  },
  {
    flags: '--artifact <name=dir>',
    description: "a skipped action's output artifact holds this folder instead of nothing (repeatable)",
    repeatable: true,
    fill: (out, raw: string[]) => {
      if (raw.length > 0) out.artifactDirs = assignmentRecord(raw, '--artifact');
    },
  },
  {
    flags: '--until <stage>',
    description: 'run up to and including this stage; the later stages are not started',
    fill: (out, raw: string | undefined) => {
      if (raw !== undefined) out.until = raw;
    },
  },
];
