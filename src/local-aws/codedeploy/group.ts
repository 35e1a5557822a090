/**
 * Local deployment groups: which codelocal.yml entry a Deploy/CodeDeploy action's ApplicationName and
 * DeploymentGroupName name, and what the stand-in remembers per group between runs, in the state
 * folder (`codedeploy/<application>/<group>/group.json`, revisions beside it): the group's id, the
 * deployments made and the revision last installed successfully on each instance.
 */
import { randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CodeDeployConfig, CodeDeployGroupConfig } from '../../workspace/index.js';
import {
  DEFAULT_DEPLOYMENT_CONFIG,
  DEFAULT_LAMBDA_CONFIG,
  LAMBDA_CONFIGS,
  deploymentConfigFor,
  type DeploymentConfig,
} from './deployment-config.js';

export interface DeploymentGroup {
  application: string;
  name: string;
  settings: CodeDeployGroupConfig;
  /** For EC2/on-premises revisions; undefined when the group names a Lambda configuration. */
  config?: DeploymentConfig;
  /** For Lambda revisions; undefined when the group names an EC2/on-premises configuration. */
  lambdaConfig?: string;
}

/** `APP/GROUP` first, then `GROUP` alone; a message naming the key to add when there is none. */
export function resolveDeploymentGroup(
  conf: CodeDeployConfig | undefined,
  application: string,
  name: string,
): DeploymentGroup | string {
  const groups = conf?.deploymentGroups ?? {};
  const settings = groups[`${application}/${name}`] ?? groups[name];
  if (!settings)
    return `DeploymentGroupDoesNotExistException: No Deployment Group found for name: ${name} (declare it in codelocal.yml as codedeploy.deploymentGroups.${application}/${name} with instances, deploymentConfig and autoRollback)`;
  const named = settings.deploymentConfig;
  if (named === undefined)
    return {
      application,
      name,
      settings,
      config: deploymentConfigFor(DEFAULT_DEPLOYMENT_CONFIG)!,
      lambdaConfig: DEFAULT_LAMBDA_CONFIG,
    };
  if (LAMBDA_CONFIGS[named]) return { application, name, settings, lambdaConfig: named };
  const config = deploymentConfigFor(named, settings.minimumHealthyHosts);
  if (!config)
    return `DeploymentConfigDoesNotExistException: ${named} is not a predefined configuration (CodeDeployDefault.AllAtOnce, HalfAtATime, OneAtATime, or a Lambda one); a custom one needs minimumHealthyHosts in codelocal.yml`;
  return { application, name, settings, config };
}

export type DeploymentStatus = 'Succeeded' | 'Failed' | 'Stopped';

export interface DeploymentRecord {
  id: string;
  status: DeploymentStatus;
  at: string;
  /** Set on a rollback: the deployment it rolled back. */
  rollbackOf?: string;
  /** The revision that deployment installed (kept under revisions/<id>). */
  revisionOf: string;
}

export interface GroupRecord {
  /** A UUID, as CodeDeploy gives each group (DEPLOYMENT_GROUP_ID). */
  groupId: string;
  deployments: DeploymentRecord[];
  /** Instance id → the deployment whose revision was last installed successfully there. */
  lastInstalled: Record<string, string>;
  /** The last deployment that succeeded overall (what a rollback redeploys). */
  lastSucceeded?: string;
}

const safe = (s: string) => s.replace(/[^A-Za-z0-9_.-]/g, '_');

export class GroupStore {
  readonly dir: string;
  constructor(stateRoot: string, group: Pick<DeploymentGroup, 'application' | 'name'>) {
    this.dir = join(stateRoot, 'codedeploy', safe(group.application), safe(group.name));
  }

  private get file(): string {
    return join(this.dir, 'group.json');
  }

  read(): GroupRecord {
    if (existsSync(this.file)) return JSON.parse(readFileSync(this.file, 'utf8')) as GroupRecord;
    return { groupId: randomUUID(), deployments: [], lastInstalled: {} };
  }

  write(record: GroupRecord): void {
    mkdirSync(this.dir, { recursive: true });
    writeFileSync(`${this.file}.tmp`, JSON.stringify(record, null, 2));
    renameSync(`${this.file}.tmp`, this.file);
  }

  /** Where deployment `id`'s revision is kept. */
  revisionDir(id: string): string {
    return join(this.dir, 'revisions', id);
  }
}

/** `d-` and nine capitals or digits, the shape of CodeDeploy's deployment ids. */
export function newDeploymentId(): string {
  const chars = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';
  let id = 'd-';
  for (let i = 0; i < 9; i++) id += chars[Math.floor(Math.random() * chars.length)];
  return id;
}
