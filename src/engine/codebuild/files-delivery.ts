/**
 * Getting the build's files (agent, scripts, initial environment, primary sources: one tar) into a new
 * build container. The container's first process (src/guest/files/codebuild/bootstrap.sh) reads the tar
 * from the attached stdin with GNU tar: no archive upload through the engine, which re-executes its own
 * binary to unpack each upload and was the largest engine cost of a build after the start itself
 * (docs/performance.md, "Build files through the agent's stdin"). An image without GNU tar gets the
 * upload instead, into the running container, before the agent starts; either way the agent finds the
 * same files with the same owners, modes and times. The upload cannot reach codelocal's in-memory folder
 * (agent-script.ts, MEMORY_DIR) in a running container: its files go beside it and the bootstrap moves them in.
 */
import { MEMORY_DIR } from './agent-script.js';
import type { BuildRun } from './build-run.js';

/** What the bootstrap answers first: `files 0` = GNU tar reads stdin; `files 1` = upload through the engine. */
const THROUGH_STDIN = 0;

/** Sends the files the way the bootstrap asks; throws when they could not be unpacked (a FAULT build). */
export async function deliverFiles(run: BuildRun): Promise<void> {
  const archive = run.filesArchive;
  if (!archive) return; // a reused container: its files went in through the engine (copyFilesIn)
  run.filesArchive = undefined;
  const session = run.session!;
  const how = await session.expect('files');
  let said = '';
  const unpacked = () =>
    session.expect('untar', (chunk) => {
      said = (said + chunk).slice(-2000);
    });
  let status: number;
  if (how === THROUGH_STDIN) {
    const untarred = unpacked();
    await session.sendArchive(archive(false));
    status = await untarred;
  } else {
    await run.container!.putArchive(archive(true), '/');
    const moved = unpacked();
    session.filesUploaded();
    status = await moved;
  }
  if (status !== 0) {
    const step = how === THROUGH_STDIN ? 'tar' : `moving them into ${MEMORY_DIR}`;
    const why = said.trim() || `${step} ended with status ${status}`;
    throw new Error(`codelocal could not unpack the build's files in the container: ${why}`);
  }
}
