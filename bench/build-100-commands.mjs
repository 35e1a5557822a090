// Speed goal (issue #14; was 2x in the build issue): a buildspec of 100 trivial commands within 1.3x of the same commands run
// by one `sh` inside one `docker run`. Per-command overhead decides this (see agent-script.ts).
import { buildVsDockerRun } from './lib.mjs';

const commands = Array.from({ length: 100 }, (_, i) => `echo step ${i}`);
await buildVsDockerRun('100-command buildspec vs one sh in docker run', commands, 1.3);
