/**
 * The build's command executor over the agent session: runs one script, streams its output to the
 * build log (quiet helper scripts are read instead), and, under --shell-on-failure, opens the debug
 * shell or hold right where a command failed. Also the first step that talks to the agent.
 */
import { ENV0_FILE, ENV_FILE } from './agent-script.js';
import type { AgentSession } from './agent-session.js';
import type { BuildExecutor, BuildRun } from './build-run.js';
import type { BuildLog } from './build-log.js';
import type { ListFailure } from './phase-runner.js';
import { failureHandler } from './debug-runner.js';
import { deliverFiles } from './files-delivery.js';

/** Sends the files, waits for the agent's answer, tells a debugger where the build runs, and makes the executor. */
export async function connectAgent(run: BuildRun): Promise<void> {
  const { request, identity, layout, container } = run;
  await deliverFiles(run);
  await run.session!.ping();
  request.debug?.onContainer?.({
    buildId: identity.id,
    containerId: container!.id,
    nonce: run.nonce,
    srcRoot: layout.primary.replace(/\/src(\/s3\/00)?$/, ''),
    image: run.input.localImage,
  });
  const executor = makeExecutor(run.session!, run.shell, run.mode, run.log);
  // --shell-on-failure: a shell (or a hold) right where the command failed, before anything else runs.
  executor.commandFailed = failureHandler({
    debug: request.debug,
    buildId: identity.id,
    container: container!,
    masker: run.deps.masker,
    deadline: run.deadline!,
    holdScript: run.scripts.hold,
    envFile: run.mode === 'keep' ? ENV_FILE : ENV0_FILE,
    phase: () => run.currentPhase,
    executor,
  });
  run.executor = executor;
}

/** How much of a command's output is kept for its failure message and --shell-on-failure. */
const OUTPUT_TAIL = 64 * 1024;
const keepTail = (kept: string, chunk: string) => (kept + chunk).slice(-OUTPUT_TAIL);

function makeExecutor(session: AgentSession, shell: string, mode: 'keep' | 'fresh', log: BuildLog): BuildExecutor {
  return {
    log: (m) => log.container(m),
    async run(entry, runAs) {
      let output = '';
      const quiet = entry.purpose === 'quiet';
      const status = await session.run(entry.id, shell, mode, runAs, (chunk) => {
        if (quiet) output += chunk;
        else {
          log.output(chunk);
          output = keepTail(output, chunk);
        }
      });
      if (!quiet) log.endOfCommand();
      return { status, output };
    },
    // A phase's commands as one request: the agent runs them back to back (agent.sh `B`).
    async runAll(list, runAs, started) {
      const byId = new Map(list.map((e) => [e.id, e]));
      let output = '';
      let failure: ListFailure | undefined;
      await session.runList([...byId.keys()], shell, mode, runAs, {
        started: (id) => {
          output = '';
          started(byId.get(id)!);
        },
        output: (chunk) => {
          log.output(chunk);
          output = keepTail(output, chunk);
        },
        answered: (id, status) => {
          log.endOfCommand();
          if (status !== 0) failure = { entry: byId.get(id)!, status, output };
        },
      });
      return failure;
    },
  };
}
