/**
 * Local ECS services: what a deploy needs to remember between runs, in the state folder
 * (`ecs/services/<cluster>/<service>.json`). The containers themselves are found by their labels,
 * which stay the source of truth when the record and the engine disagree.
 */
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { StateDir } from '../../workspace/index.js';

export interface ServiceRecord {
  cluster: string;
  name: string;
  taskDefinitionArn: string;
  /** The container and port the service's traffic goes to (the load balancer's target). */
  target: { container: string; port: number };
  /** Host ports (127.0.0.1) of the traffic and test listeners. */
  port: number;
  testPort?: number;
  /** The running task's id (label codelocal.ecs.task). */
  taskId: string;
  updatedAt: string;
  deployments: {
    taskDefinitionArn: string;
    at: string;
    kind: 'ECS' | 'CodeDeployToECS';
    status: 'PRIMARY' | 'FAILED' | 'ROLLED_BACK';
  }[];
}

export class ServiceStore {
  private readonly root: string;

  constructor(stateRoot: string) {
    this.root = new StateDir(stateRoot).ecsServicesDir;
  }

  private file(cluster: string, name: string): string {
    return join(this.root, cluster.replace(/[^A-Za-z0-9_-]/g, '_'), `${name.replace(/[^A-Za-z0-9_-]/g, '_')}.json`);
  }

  get(cluster: string, name: string): ServiceRecord | undefined {
    const f = this.file(cluster, name);
    if (!existsSync(f)) return undefined;
    return JSON.parse(readFileSync(f, 'utf8')) as ServiceRecord;
  }

  put(record: ServiceRecord): void {
    const f = this.file(record.cluster, record.name);
    mkdirSync(join(f, '..'), { recursive: true });
    writeFileSync(`${f}.tmp`, JSON.stringify(record, null, 2) + '\n');
    renameSync(`${f}.tmp`, f);
  }
}
