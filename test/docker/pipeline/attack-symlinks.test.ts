/**
 * The attack of issue 17 end to end (docs/security.md): a real build with `enable-symlinks: yes`
 * puts links to /etc/passwd, /etc and a host secret's absolute path in its artifact, and an S3
 * Deploy with `Extract: true` unpacks and uploads it. Only the honest file reaches the bucket, the
 * links are reported as skipped, and the host secret appears nowhere under the state folder.
 */
import { existsSync, mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, expect, it } from 'vitest';
import { findMarker, hostSecret } from '../../unit/archive/attack-helpers.js';
import { describeDocker } from '../helpers.js';
import { CODEBUILD, connectionSource, gitRepo, pipelineFile, projectsFile, runIn, type Repo } from './harness.js';

const S3_DEPLOY = { category: 'Deploy', owner: 'AWS', provider: 'S3', version: '1' };

describeDocker('pipeline: links in a build artifact never read host files', () => {
  const h = hostSecret();
  let repo: Repo;
  let run: Awaited<ReturnType<typeof runIn>>;
  beforeAll(async () => {
    repo = await gitRepo({ 'README.md': '# app\n' });
    const buildspec = `version: 0.2
phases:
  build:
    commands:
      - mkdir -p out/sub && cd out && echo honest > index.html
      - ln -s /etc/passwd passwd.txt && ln -s /etc etc-link && ln -s ${h.file} secret.txt
      - ln -s ../../../../../../../..${h.file} dotdot.txt && ln -s passwd.txt chain.txt
      - ln -s ${h.folder} sub/dir-link && ln -s index.html inner.html
artifacts:
  enable-symlinks: yes
  base-directory: out
  files:
    - '**/*'
`;
    const projects = projectsFile(repo.state, { producer: { buildspec } });
    mkdirSync(join(repo.state, 's3', 'www'), { recursive: true });
    const file = pipelineFile(repo.state, [
      { name: 'Source', actions: [connectionSource('Code', 'Code')] },
      {
        name: 'Build',
        actions: [
          {
            name: 'Produce',
            actionTypeId: CODEBUILD,
            inputArtifacts: [{ name: 'Code' }],
            outputArtifacts: [{ name: 'Site' }],
            configuration: { ProjectName: 'producer' },
          },
        ],
      },
      {
        name: 'Deploy',
        actions: [
          {
            name: 'ToBucket',
            actionTypeId: S3_DEPLOY,
            inputArtifacts: [{ name: 'Site' }],
            configuration: { BucketName: 'www', Extract: 'true' },
          },
        ],
      },
    ]);
    run = await runIn(repo, file, { projectFiles: [projects] });
    if (run.execution.status !== 'Succeeded') console.error(run.log);
  });

  it('S3 Deploy (Extract: true) uploads the honest files and skips every link out of the artifact', () => {
    expect(run.execution.status).toBe('Succeeded');
    const objects = readdirSync(join(repo.state, 's3', 'www')).filter((n) => !n.startsWith('.'));
    expect(objects.sort()).toEqual(['index.html', 'inner.html']);
    expect(existsSync(join(repo.state, 's3', 'www', 'passwd.txt'))).toBe(false);
    expect(run.log).toContain('skipped passwd.txt: ');
    expect(run.log).toContain('skipped secret.txt: ');
  });

  it('the host secret is in no output: bucket, artifact store, history', async () => {
    expect(await findMarker(repo.state, [h.marker])).toEqual([]);
  });
});
