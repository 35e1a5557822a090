/**
 * Task definitions of the local ECS: the subset of RegisterTaskDefinition's shape a local task needs,
 * and a revision store in the state folder (`ecs/task-definitions/<family>/<revision>.json`), so
 * deployments get ARNs like `arn:aws:ecs:<region>:<account>:task-definition/<family>:<revision>`.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { StateDir } from '../../workspace/index.js';

export interface PortMapping {
  containerPort: number;
  hostPort?: number;
  protocol?: string;
}

export interface ContainerDefinition {
  name: string;
  image: string;
  essential?: boolean;
  portMappings?: PortMapping[];
  environment?: { name: string; value: string }[];
  secrets?: { name: string; valueFrom: string }[];
  command?: string[];
  entryPoint?: string[];
  workingDirectory?: string;
  user?: string;
  healthCheck?: { command: string[]; interval?: number; timeout?: number; retries?: number; startPeriod?: number };
  [key: string]: unknown;
}

export interface TaskDefinition {
  family: string;
  containerDefinitions: ContainerDefinition[];
  [key: string]: unknown;
}

export interface RegisteredTaskDefinition {
  arn: string;
  revision: number;
  definition: TaskDefinition;
}

/** Checks the parts a local task relies on; returns the problem, or undefined. */
export function taskDefinitionProblem(td: unknown): string | undefined {
  const t = td as Partial<TaskDefinition> | null;
  if (!t || typeof t !== 'object' || Array.isArray(t)) return 'the task definition must be a JSON object';
  if (typeof t.family !== 'string' || !/^[A-Za-z0-9_-]{1,255}$/.test(t.family))
    return 'family must be 1-255 letters, digits, hyphens or underscores';
  if (!Array.isArray(t.containerDefinitions) || t.containerDefinitions.length === 0)
    return 'containerDefinitions must list at least one container';
  for (const c of t.containerDefinitions) {
    if (typeof c?.name !== 'string' || !c.name) return 'every container definition needs a name';
    if (typeof c.image !== 'string' || !c.image) return `container ${c.name} has no image`;
    for (const p of c.portMappings ?? []) {
      if (!Number.isInteger(p.containerPort)) return `container ${c.name}: portMappings need a containerPort`;
    }
  }
  return undefined;
}

export class TaskDefinitionStore {
  private readonly root: string;

  constructor(
    stateRoot: string,
    private readonly accountId: string,
    private readonly region: string,
  ) {
    this.root = new StateDir(stateRoot).ecsTaskDefinitionsDir;
  }

  arn(family: string, revision: number): string {
    return `arn:aws:ecs:${this.region}:${this.accountId}:task-definition/${family}:${revision}`;
  }

  /** Registers a new revision (revisions count up per family, like ECS). */
  register(definition: TaskDefinition): RegisteredTaskDefinition {
    const dir = join(this.root, definition.family);
    mkdirSync(dir, { recursive: true });
    const revisions = readdirSync(dir)
      .map((f) => /^(\d+)\.json$/.exec(f)?.[1])
      .filter((r): r is string => r !== undefined)
      .map(Number);
    const revision = (revisions.length ? Math.max(...revisions) : 0) + 1;
    const stored = { ...definition, revision, taskDefinitionArn: this.arn(definition.family, revision) };
    writeFileSync(join(dir, `${revision}.json`), JSON.stringify(stored, null, 2) + '\n', { flag: 'wx' });
    return { arn: this.arn(definition.family, revision), revision, definition };
  }

  /** A registered revision by ARN or `family:revision`. */
  get(ref: string): RegisteredTaskDefinition | undefined {
    const m = /(?:task-definition\/)?([A-Za-z0-9_-]+):(\d+)$/.exec(ref);
    if (!m) return undefined;
    const file = join(this.root, m[1]!, `${m[2]}.json`);
    if (!existsSync(file)) return undefined;
    const raw = JSON.parse(readFileSync(file, 'utf8')) as TaskDefinition & {
      revision?: number;
      taskDefinitionArn?: string;
    };
    const { revision: _r, taskDefinitionArn: _a, ...definition } = raw;
    return { arn: this.arn(m[1]!, Number(m[2])), revision: Number(m[2]), definition };
  }
}
