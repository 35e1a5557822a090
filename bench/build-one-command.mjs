// Speed goal (issue #14; was 1.5x in the build issue): a one-command buildspec, CLI start to exit, within 1.3x of a plain
// `docker run --rm IMAGE sh -c 'CMD'` on the same image, measured pair by pair in the same run.
import { buildVsDockerRun } from './lib.mjs';

await buildVsDockerRun('one-command buildspec vs docker run', ['echo hello'], 1.3);
