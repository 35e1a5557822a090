/**
 * Local CloudFormation stacks: one JSON record per stack in `<state>/cloudformation/stacks/`, the
 * CloudFormation deploy action's only effect (no resources are created). A record keeps what the
 * action modes need to decide: status, the template and parameters last applied, resolved outputs
 * and pending change sets.
 */
import { existsSync, mkdirSync, readFileSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { StateDir } from '../../workspace/index.js';

export type StackStatus =
  | 'REVIEW_IN_PROGRESS'
  | 'CREATE_COMPLETE'
  | 'UPDATE_COMPLETE'
  | 'ROLLBACK_COMPLETE'
  | 'UPDATE_ROLLBACK_COMPLETE'
  | 'CREATE_FAILED'
  | 'ROLLBACK_FAILED'
  | 'DELETE_FAILED'
  | 'UPDATE_ROLLBACK_FAILED';

/** Failed states REPLACE_ON_FAILURE deletes and recreates; CREATE_UPDATE refuses them. */
export const FAILED_STATES: readonly StackStatus[] = [
  'ROLLBACK_COMPLETE',
  'ROLLBACK_FAILED',
  'CREATE_FAILED',
  'DELETE_FAILED',
  'UPDATE_ROLLBACK_FAILED',
];

export interface ChangeSetRecord {
  name: string;
  changeSetType: 'CREATE' | 'UPDATE';
  status: 'CREATE_COMPLETE' | 'FAILED';
  statusReason?: string;
  template: string;
  templatePath: string;
  parameters: Record<string, string>;
  capabilities: string[];
  created: string;
}

export interface StackResource {
  logicalId: string;
  type: string;
}

export interface StackRecord {
  stackName: string;
  stackId: string;
  status: StackStatus;
  statusReason?: string;
  /** The template text last applied successfully (a failed create keeps the one that failed). */
  template?: string;
  templatePath?: string;
  parameters: Record<string, string>;
  outputs: Record<string, string>;
  resources: StackResource[];
  capabilities: string[];
  changeSets: Record<string, ChangeSetRecord>;
  created: string;
  updated: string;
}

export class StackStore {
  readonly dir: string;

  constructor(stateRoot: string) {
    this.dir = new StateDir(stateRoot).cloudformationStacksDir;
  }

  private file(name: string): string {
    // Stack names are [A-Za-z][-A-Za-z0-9]*: safe as file names as they are.
    if (!/^[A-Za-z][-A-Za-z0-9]{0,127}$/.test(name))
      throw new Error(`"${name}" is not a valid stack name (a letter, then letters, digits and hyphens)`);
    return join(this.dir, `${name}.json`);
  }

  get(name: string): StackRecord | undefined {
    const f = this.file(name);
    return existsSync(f) ? (JSON.parse(readFileSync(f, 'utf8')) as StackRecord) : undefined;
  }

  /** Atomic write: a crash leaves the old record or the new one, never half of it. */
  put(stack: StackRecord): void {
    mkdirSync(this.dir, { recursive: true });
    const f = this.file(stack.stackName);
    writeFileSync(`${f}.tmp`, JSON.stringify(stack, null, 2) + '\n');
    renameSync(`${f}.tmp`, f);
  }

  delete(name: string): void {
    rmSync(this.file(name), { force: true });
  }

  list(): string[] {
    return existsSync(this.dir)
      ? readdirSync(this.dir)
          .filter((f) => f.endsWith('.json'))
          .map((f) => f.slice(0, -5))
      : [];
  }
}
