/**
 * Deploy host ports are checked before a pipeline run starts (issue 17): a taken port is refused with
 * HOST_PORT_TAKEN (exit 3) naming the codelocal.yml key, before any execution, build or container
 * exists; this state folder's own service holding its port (a re-deploy) is not a conflict.
 */
import { execa } from 'execa';
import { existsSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { checkDeployPorts, plannedHostPorts } from '../../../src/api/pipeline-ports.js';
import { EnvironmentError } from '../../../src/errors.js';
import type { PipelineDeclaration } from '../../../src/model/index.js';
import type { ContainerRuntime, ResourceRef } from '../../../src/runtime/types.js';
import { defaultConfig, type LoadedConfig } from '../../../src/workspace/config-types.js';
import { fakes, pipelineOf, project, run } from '../pipeline-engine/helpers.js';

const ECS = { category: 'Deploy', owner: 'AWS', provider: 'ECS', version: '1' };
const BLUE_GREEN = { category: 'Deploy', owner: 'AWS', provider: 'CodeDeployToECS', version: '1' };

const pipeline = {
  name: 'p',
  stages: [
    {
      name: 'Deploy',
      actions: [
        { name: 'Rolling', actionTypeId: ECS, configuration: { ClusterName: 'prod', ServiceName: 'web' } },
        { name: 'BlueGreen', actionTypeId: BLUE_GREEN, configuration: { DeploymentGroupName: 'api-dg' } },
        { name: 'Unknown', actionTypeId: ECS, configuration: { ClusterName: 'prod', ServiceName: 'nope' } },
      ],
    },
  ],
} as unknown as PipelineDeclaration;

function config(): LoadedConfig {
  const c = defaultConfig();
  c.ecs.services = {
    web: { cluster: 'prod', port: 18080 },
    api: { cluster: 'prod', port: 18090, testPort: 18091, deploymentGroup: 'api-dg' },
  };
  const positions = new Map([['ecs/services/web', { file: '/p/codelocal.yml', line: 4, column: 5 }]]);
  return { config: c, file: '/p/codelocal.yml', projectRoot: '/p', positions };
}

function runtimeWith(refs: ResourceRef[]): () => Promise<ContainerRuntime> {
  const rt = { listResources: async () => refs } as unknown as ContainerRuntime;
  return async () => rt;
}

const proxy = (stateDir: string, service: string): ResourceRef => ({
  kind: 'container',
  id: 'x',
  name: 'codelocal-ecs-x-prod-web-lb',
  labels: {
    'codelocal.role': 'ecs-proxy',
    'codelocal.ecs.ports': '18080',
    'codelocal.ecs.service': service,
    'codelocal.state-dir': stateDir,
  },
});
const scope = { stateRoot: '/p/.codelocal', region: 'us-east-1' };
const WEB = '123456789012/us-east-1/prod/web';

describe('deploy host ports before the run', () => {
  it('lists the configured ports of ECS and CodeDeployToECS actions with their keys', () => {
    expect(plannedHostPorts(pipeline, config().config.ecs.services).map((p) => `${p.port} ${p.key}`)).toEqual([
      '18080 ecs.services.web.port',
      '18090 ecs.services.api.port',
      '18091 ecs.services.api.testPort',
    ]);
  });

  it('a port another program holds: HOST_PORT_TAKEN (environment, exit 3) naming the key and the file', async () => {
    const err = await checkDeployPorts(pipeline, config(), scope, {
      isFree: async (p) => p !== 18080,
      runtime: runtimeWith([]),
    }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(EnvironmentError);
    const e = err as EnvironmentError;
    expect(e.code).toBe('HOST_PORT_TAKEN');
    expect(e.message).toBe('Deploy.Rolling: host port 18080 (ecs.services.web.port) is in use by another program');
    expect(e.details[0]).toBe('change ecs.services.web.port in /p/codelocal.yml, or free the port');
    expect(e.describe()).toMatch(/^\/p\/codelocal\.yml:4:5: /);
  });

  it("this state folder's own service holding its port is a re-deploy; another project's is a conflict", async () => {
    const busy = async (p: number) => p !== 18080;
    await expect(
      checkDeployPorts(pipeline, config(), scope, {
        isFree: busy,
        runtime: runtimeWith([proxy('/p/.codelocal', WEB)]),
      }),
    ).resolves.toBeUndefined();
    const err = (await checkDeployPorts(pipeline, config(), scope, {
      isFree: busy,
      runtime: runtimeWith([proxy('/other/.codelocal', WEB)]),
    }).catch((e: unknown) => e)) as EnvironmentError;
    expect(err.code).toBe('HOST_PORT_TAKEN');
    expect(err.message).toContain('the project whose state folder is /other/.codelocal');
  });

  it('the test port of a blue/green service is checked too', async () => {
    const err = (await checkDeployPorts(pipeline, config(), scope, {
      isFree: async (p) => p !== 18091,
      runtime: runtimeWith([]),
    }).catch((e: unknown) => e)) as EnvironmentError;
    expect(err.message).toContain('Deploy.BlueGreen: host port 18091 (ecs.services.api.testPort)');
  });
});

describe('runPipeline refuses a taken port before anything runs', () => {
  let server: Server | undefined;
  afterAll(() => server?.close());

  it('no execution, no action run, nothing in the history', async () => {
    server = createServer();
    const port = await new Promise<number>((resolve) =>
      server!.listen(0, '127.0.0.1', () => resolve((server!.address() as { port: number }).port)),
    );
    const p = project(
      pipelineOf([
        {
          name: 'Deploy',
          actions: [
            {
              name: 'Rolling',
              actionTypeId: ECS,
              configuration: { ClusterName: 'prod', ServiceName: 'web' },
              inputArtifacts: [{ name: 'SourceOutput' }],
            },
          ],
        },
      ]),
    );
    writeFileSync(
      join(p.dir, 'codelocal.yml'),
      `ecs:\n  services:\n    web:\n      cluster: prod\n      port: ${port}\n`,
    );
    let deployed = 0;
    const f = fakes([{ types: [ECS], run: async () => (deployed++, { status: 'Succeeded' }) }]);
    const err = (await run(p, f, { runtime: await runtimeWith([])() }).catch((e: unknown) => e)) as EnvironmentError;
    expect(err.code).toBe('HOST_PORT_TAKEN');
    expect(err.details[0]).toContain(`change ecs.services.web.port in ${join(p.dir, 'codelocal.yml')}`);
    expect(f.calls.size + deployed).toBe(0);
    expect(existsSync(join(p.state, 'executions.db'))).toBe(false);
  });
});

describe('codelocal pipeline run with a taken deploy port (the built CLI)', () => {
  let server: Server | undefined;
  afterAll(() => server?.close());

  it('exits 3 with HOST_PORT_TAKEN and the key, and leaves no state folder', async () => {
    server = createServer();
    const port = await new Promise<number>((resolve) =>
      server!.listen(0, '127.0.0.1', () => resolve((server!.address() as { port: number }).port)),
    );
    const p = project(
      pipelineOf([
        {
          name: 'Deploy',
          actions: [
            {
              name: 'Rolling',
              actionTypeId: ECS,
              configuration: { ClusterName: 'prod', ServiceName: 'web' },
              inputArtifacts: [{ name: 'SourceOutput' }],
            },
          ],
        },
      ]),
    );
    rmSync(p.state, { recursive: true });
    await execa('git', ['init', '-q', p.dir]);
    writeFileSync(
      join(p.dir, 'codelocal.yml'),
      `ecs:\n  services:\n    web:\n      cluster: prod\n      port: ${port}\n`,
    );
    const r = await execa('node', [join(process.cwd(), 'dist/cli/main.js'), 'pipeline', 'run', 'pipeline.json'], {
      cwd: p.dir,
      reject: false,
      stdin: 'ignore',
      env: { NO_COLOR: '1' },
    });
    expect(r.exitCode, r.stderr).toBe(3);
    expect(r.stderr).toContain('HOST_PORT_TAKEN');
    expect(r.stderr).toContain(`change ecs.services.web.port in ${join(p.dir, 'codelocal.yml')}`);
    expect(existsSync(join(p.dir, '.codelocal'))).toBe(false);
  }, 60_000);
});
