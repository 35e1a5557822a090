/**
 * One instance's part of a deployment (codedeploy.md §3): the lifecycle events in order, the
 * agent's own steps (DownloadBundle puts the revision under the deployment root, Install copies
 * `files` and applies `permissions`) and the appspec's scripts with the environment CodeDeploy gives
 * them, each output line in the action's log with the instance id and event.
 */
import { packEntries, packHostFiles } from '../../archive/index.js';
import type { AppSpec, HookScript } from './appspec-types.js';
import { AGENT_DIR, DEPLOYMENT_ROOT, type Instance } from './instances.js';
import { TRAFFIC_EVENTS, instanceSteps, type ScriptableEvent } from './lifecycle.js';
import type { Revision } from './revision.js';

/** The revision installed by one deployment, as an instance sees it. */
export interface InstalledRevision {
  deploymentId: string;
  revision: Revision;
}

export interface InstanceDeployment {
  application: string;
  groupName: string;
  groupId: string;
  current: InstalledRevision;
  /** The revision last installed successfully on this instance (its ApplicationStop scripts run). */
  previous?: InstalledRevision;
  /** Extra variables for every script (the local AWS endpoint and credentials). */
  env: Record<string, string>;
  log(line: string): void;
  signal: AbortSignal;
}

export type InstanceOutcome = { ok: true } | { ok: false; event: string; message: string };

export const archiveDir = (groupId: string, deploymentId: string) =>
  `${DEPLOYMENT_ROOT}/${groupId}/${deploymentId}/deployment-archive`;
const instructionsDir = `${DEPLOYMENT_ROOT}/deployment-instructions`;

/** Collects a stream into whole lines, each logged with a prefix. */
function lineLogger(prefix: string, log: (line: string) => void) {
  let rest = '';
  return {
    write: (chunk: Buffer) => {
      const lines = (rest + chunk.toString('utf8')).split('\n');
      rest = lines.pop() ?? '';
      for (const l of lines) log(`${prefix}${l}`);
    },
    end: () => {
      if (rest) log(`${prefix}${rest}`);
      rest = '';
    },
  };
}

async function runScript(
  inst: Instance,
  d: InstanceDeployment,
  event: ScriptableEvent,
  h: HookScript,
  from: InstalledRevision,
) {
  const script = `${archiveDir(d.groupId, from.deploymentId)}/${h.location}`;
  const out = lineLogger(`[${inst.id}] [${event}] `, d.log);
  const user = h.runas ?? 'root';
  const r = await inst.container
    .exec([`${AGENT_DIR}/hook.sh`, script, String(h.timeoutSeconds)], {
      user,
      workingDir: '/opt/codedeploy-agent',
      env: {
        ...d.env,
        LIFECYCLE_EVENT: event,
        DEPLOYMENT_ID: d.current.deploymentId,
        APPLICATION_NAME: d.application,
        DEPLOYMENT_GROUP_NAME: d.groupName,
        DEPLOYMENT_GROUP_ID: d.groupId,
      },
      onStdout: out.write,
      onStderr: out.write,
    })
    .catch((e: Error) => ({ exitCode: -1, error: e.message }));
  out.end();
  if (r.exitCode === 0) return undefined;
  if ('error' in r) return `Script at specified location: ${h.location} could not run as user ${user}: ${r.error}`;
  if (r.exitCode === 124 || r.exitCode === 137)
    return `Script at specified location: ${h.location} failed to complete in ${h.timeoutSeconds} seconds`;
  return `Script at specified location: ${h.location} run as user ${user} failed with exit code ${r.exitCode}`;
}

async function execOrFail(inst: Instance, d: InstanceDeployment, event: string, cmd: string[]) {
  const out = lineLogger(`[${inst.id}] [${event}] `, d.log);
  const r = await inst.container.exec(cmd, { onStdout: out.write, onStderr: out.write });
  out.end();
  return r.exitCode === 0 ? undefined : `${event} failed (exit ${r.exitCode})`;
}

async function downloadBundle(inst: Instance, d: InstanceDeployment): Promise<string | undefined> {
  const dir = archiveDir(d.groupId, d.current.deploymentId);
  const parent = dir.slice(0, dir.lastIndexOf('/'));
  const made = await execOrFail(inst, d, 'DownloadBundle', ['mkdir', '-p', parent]);
  if (made) return made;
  // 0755 on the top folder: a `runas` user must be able to reach the scripts.
  await inst.container.putArchive(
    packHostFiles([{ source: d.current.revision.dir, target: 'deployment-archive', mode: 0o755 }]),
    parent,
  );
  const scripts = Object.values(d.current.revision.appspec.hooks).flatMap((hs) =>
    (hs ?? []).map((h) => `${dir}/${h.location}`),
  );
  // The agent makes a script that is not executable executable before running it.
  return scripts.length ? execOrFail(inst, d, 'DownloadBundle', ['chmod', 'a+x', ...scripts]) : undefined;
}

async function install(inst: Instance, d: InstanceDeployment, spec: AppSpec): Promise<string | undefined> {
  const pairs = spec.files.flatMap((f) => [f.source, f.destination]);
  const cleanup = `${instructionsDir}/${d.groupId}-cleanup`;
  const archive = archiveDir(d.groupId, d.current.deploymentId);
  const copied = await execOrFail(inst, d, 'Install', [
    `${AGENT_DIR}/install.sh`,
    archive,
    cleanup,
    spec.fileExistsBehavior,
    ...pairs,
  ]);
  if (copied) return copied;
  for (const p of spec.permissions) {
    if (p.unsupported.length)
      d.log(`[${inst.id}] [Install] permissions ${p.unsupported.join(' and ')} of ${p.object} are not applied locally`);
    const args = [
      p.object,
      p.pattern,
      p.types.join(','),
      p.owner ?? '',
      p.group ?? '',
      p.mode ?? '',
      p.except.join('\n'),
    ];
    const failed = await execOrFail(inst, d, 'Install', [`${AGENT_DIR}/permissions.sh`, ...args]);
    if (failed) return failed;
  }
  return undefined;
}

async function hooksOf(inst: Instance, d: InstanceDeployment, event: ScriptableEvent, from: InstalledRevision) {
  for (const h of from.revision.appspec.hooks[event] ?? []) {
    d.log(`[${inst.id}] ${event}: ${h.location}${h.runas ? ` as ${h.runas}` : ''}`);
    const failed = await runScript(inst, d, event, h, from);
    if (failed) return failed;
  }
  return undefined;
}

const AGENT_STEP = {
  DownloadBundle: `: the revision into ${DEPLOYMENT_ROOT}/<group id>/<deployment id>/deployment-archive`,
  Install: ': files copied, permissions applied',
};

/** Walks the lifecycle on one instance; the first failing event fails the instance. */
export async function deployToInstance(inst: Instance, d: InstanceDeployment): Promise<InstanceOutcome> {
  for (const step of instanceSteps(d.previous !== undefined)) {
    if (d.signal.aborted) return { ok: false, event: step.event, message: 'the deployment was stopped' };
    let failed: string | undefined;
    if (step.kind === 'agent') d.log(`[${inst.id}] ${step.event}${AGENT_STEP[step.event]}`);
    if (step.kind === 'agent')
      failed =
        step.event === 'DownloadBundle'
          ? await downloadBundle(inst, d)
          : await install(inst, d, d.current.revision.appspec);
    else if (step.kind === 'hooks')
      failed = await hooksOf(inst, d, step.event, step.from === 'previous' ? d.previous! : d.current);
    if (failed) return { ok: false, event: step.event, message: failed };
  }
  const skipped = TRAFFIC_EVENTS.filter((e) => d.current.revision.appspec.hooks[e]?.length);
  if (skipped.length)
    d.log(`[${inst.id}] ${skipped.join(', ')} skipped: the local deployment group has no load balancer`);
  await inst.container.putArchive(
    packEntries([
      { name: `${d.groupId}_last_successful_install`, content: `${archiveDir(d.groupId, d.current.deploymentId)}\n` },
    ]),
    instructionsDir,
  );
  return { ok: true };
}
