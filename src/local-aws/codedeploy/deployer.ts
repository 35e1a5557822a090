/**
 * A local CodeDeploy deployment to a deployment group (codedeploy.md §4, §5): the revision is kept in
 * the state folder, the instances are deployed to in the batches the deployment configuration
 * allows, the deployment stops as soon as the minimum healthy hosts can no longer be met, and with
 * automatic rollback a failed deployment is followed by a new deployment of the last successful
 * revision (which does not make the failed one succeed).
 */
import type { ContainerRuntime } from '../../runtime/index.js';
import { InputError } from '../../errors.js';
import { batchesOf, verdict, type DeploymentConfig, type Tally } from './deployment-config.js';
import { GroupStore, newDeploymentId, type DeploymentGroup, type GroupRecord } from './group.js';
import { deployToInstance, type InstalledRevision, type InstanceOutcome } from './instance-steps.js';
import { ensureInstances, type Instance, type InstanceNetwork } from './instances.js';
import { keepRevision, readRevision } from './revision.js';

export interface DeployRequest {
  /** Opened once the revision checked out, so a bad revision fails without a container engine. */
  runtime(): Promise<ContainerRuntime>;
  stateRoot: string;
  group: DeploymentGroup;
  /** The unpacked revision (appspec.yml at its root). */
  revisionDir: string;
  /** How messages name the revision (the input artifact's name). */
  revisionLabel: string;
  /** Where instances attach and what every script gets; asked only once the revision checked out. */
  hookAccess(): Promise<{ network?: InstanceNetwork; env: Record<string, string> }>;
  log(line: string): void;
  signal: AbortSignal;
}

export interface DeploymentOutcome {
  deploymentId: string;
  status: 'Succeeded' | 'Failed';
  /** The first instance failure, when there was one. */
  failure?: string;
  instances: Record<string, 'Succeeded' | 'Failed' | 'Skipped'>;
}

export interface DeployResult extends DeploymentOutcome {
  rollback?: DeploymentOutcome;
  /** Why no rollback ran although one was configured. */
  noRollback?: string;
}

interface Deployment {
  req: DeployRequest;
  env: Record<string, string>;
  store: GroupStore;
  record: GroupRecord;
  instances: Instance[];
  current: InstalledRevision;
}

function previousOf(d: Deployment, inst: Instance, cache: Map<string, InstalledRevision | undefined>) {
  const id = d.record.lastInstalled[inst.id];
  if (!id) return undefined;
  if (!cache.has(id)) {
    try {
      cache.set(id, { deploymentId: id, revision: readRevision(d.store.revisionDir(id), id) });
    } catch {
      d.req.log(`[${inst.id}] the revision of ${id} is no longer in the state folder: ApplicationStop is skipped`);
      cache.set(id, undefined);
    }
  }
  return cache.get(id);
}

async function runDeployment(d: Deployment, config: DeploymentConfig): Promise<DeploymentOutcome> {
  const { req, current } = d;
  const batches = batchesOf(config, d.instances.length);
  req.log(
    `deployment ${current.deploymentId} to ${req.group.application}/${req.group.name}: ${config.name}, ` +
      `${d.instances.length} instance(s) in batches ${batches.map((b) => `[${b.map((i) => i + 1).join(',')}]`).join(' ')}`,
  );
  const out: DeploymentOutcome = { deploymentId: current.deploymentId, status: 'Failed', instances: {} };
  for (const inst of d.instances) out.instances[inst.id] = 'Skipped';
  const tally: Tally = { instances: d.instances.length, succeeded: 0, failed: 0 };
  const cache = new Map<string, InstalledRevision | undefined>();
  for (const batch of batches) {
    const results: [Instance, InstanceOutcome][] = await Promise.all(
      batch.map(async (i) => {
        const inst = d.instances[i]!;
        const previous = previousOf(d, inst, cache);
        const base = { application: req.group.application, groupName: req.group.name, groupId: d.record.groupId };
        const r = await deployToInstance(inst, {
          ...base,
          current,
          ...(previous ? { previous } : {}),
          env: d.env,
          log: req.log,
          signal: req.signal,
        });
        return [inst, r] as [Instance, InstanceOutcome];
      }),
    );
    for (const [inst, r] of results) {
      out.instances[inst.id] = r.ok ? 'Succeeded' : 'Failed';
      if (r.ok) {
        tally.succeeded++;
        d.record.lastInstalled[inst.id] = current.deploymentId;
        req.log(`[${inst.id}] Succeeded`);
      } else {
        tally.failed++;
        out.failure ??= `${inst.id}: ${r.event} failed: ${r.message}`;
        req.log(`[${inst.id}] Failed at ${r.event}: ${r.message}`);
      }
    }
    const v = verdict(config, tally);
    if (v === 'continue') continue;
    out.status = v === 'succeeded' ? 'Succeeded' : 'Failed';
    break;
  }
  req.log(`deployment ${current.deploymentId} ${out.status} (${tally.succeeded} succeeded, ${tally.failed} failed)`);
  return out;
}

function remember(d: Deployment, o: DeploymentOutcome, revisionOf: string, rollbackOf?: string): void {
  d.record.deployments.push({
    id: o.deploymentId,
    status: o.status,
    at: new Date().toISOString(),
    revisionOf,
    ...(rollbackOf ? { rollbackOf } : {}),
  });
  if (o.status === 'Succeeded') d.record.lastSucceeded = o.deploymentId;
  d.store.write(d.record);
}

/** Deploys a revision to the group and, when it fails and the group says so, rolls back. */
export async function deployRevision(req: DeployRequest): Promise<DeployResult> {
  const config = req.group.config;
  if (!config)
    throw new InputError(
      'CODEDEPLOY_CONFIG_MISMATCH',
      `deployment group ${req.group.application}/${req.group.name} has the Lambda configuration ${req.group.lambdaConfig}, but ${req.revisionLabel} is an EC2/on-premises revision`,
    );
  const store = new GroupStore(req.stateRoot, req.group);
  const record = store.read();
  const checked = readRevision(req.revisionDir, req.revisionLabel);
  const id = newDeploymentId();
  keepRevision(req.revisionDir, store.revisionDir(id));
  const access = await req.hookAccess();
  const instances = await ensureInstances(await req.runtime(), req.stateRoot, req.group, access.network);
  const d: Deployment = {
    req,
    env: access.env,
    store,
    record,
    instances,
    current: { deploymentId: id, revision: { ...checked, dir: store.revisionDir(id) } },
  };
  const lastGood = record.lastSucceeded;
  const outcome = await runDeployment(d, config);
  remember(d, outcome, id);
  if (outcome.status === 'Succeeded' || !req.group.settings.autoRollback || req.signal.aborted) return outcome;
  if (!lastGood) {
    req.log('automatic rollback: there is no earlier successful deployment to roll back to');
    return { ...outcome, noRollback: 'no earlier successful deployment' };
  }
  const rollbackId = newDeploymentId();
  req.log(`automatic rollback: deployment ${rollbackId} redeploys the revision of ${lastGood}`);
  const revision = readRevision(store.revisionDir(lastGood), lastGood);
  keepRevision(revision.dir, store.revisionDir(rollbackId));
  const rollback = await runDeployment(
    { ...d, current: { deploymentId: rollbackId, revision: { ...revision, dir: store.revisionDir(rollbackId) } } },
    config,
  );
  remember(d, rollback, lastGood, id);
  return { ...outcome, rollback };
}
