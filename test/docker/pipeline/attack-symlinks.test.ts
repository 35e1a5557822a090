/**
 * The attack of issue 17 end to end (docs/security.md): a real build with `enable-symlinks: yes`
 * puts links to /etc/passwd, /etc and a host secret's absolute path in its artifact, and an S3
 * Deploy with `Extract: true` unpacks and uploads it, a CodeBuild and a Commands action take it as
 * input. Only the honest files reach the bucket, the links are reported as skipped, the builds see
 * links (to their own container's files), and the host secret appears nowhere under the state folder.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, expect, it } from 'vitest';
import { findMarker, hostSecret } from '../../unit/archive/attack-helpers.js';
import { describeDocker } from '../helpers.js';
import { CODEBUILD, connectionSource, gitRepo, pipelineFile, projectsFile, runIn, type Repo } from './harness.js';

const S3_DEPLOY = { category: 'Deploy', owner: 'AWS', provider: 'S3', version: '1' };
/** Inside a build the links are links to the container's own files; the host secret's path is not there. */
const readLinks = (who: string) =>
  `for f in secret.txt dotdot.txt sub/dir-link/passwd; do cat "$f" 2>&1 || true; done; test -L secret.txt && echo LINK-KEPT-${who}`;

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
    const consumer = `version: 0.2
phases:
  build:
    commands:
      - ${readLinks('CB')}
`;
    const projects = projectsFile(repo.state, { producer: { buildspec }, consumer: { buildspec: consumer } });
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
          {
            name: 'Consume',
            actionTypeId: CODEBUILD,
            inputArtifacts: [{ name: 'Site' }],
            configuration: { ProjectName: 'consumer' },
          },
          {
            name: 'Run',
            actionTypeId: { category: 'Compute', owner: 'AWS', provider: 'Commands', version: '1' },
            inputArtifacts: [{ name: 'Site' }],
            outputArtifacts: [{ name: 'Again', files: ['**/*'] }],
            commands: [readLinks('CMD')],
          },
        ],
      },
    ]);
    // Commands needs a V2 pipeline.
    const text = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
    writeFileSync(file, JSON.stringify({ ...text, pipelineType: 'V2' }));
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

  it('CodeBuild and Commands inputs get the links as links, resolved in the container, never on the host', () => {
    expect(run.log).toContain('LINK-KEPT-CB');
    expect(run.log).toContain('LINK-KEPT-CMD');
    expect(run.log).not.toContain(h.marker);
  });

  it('the host secret is in no output: bucket, artifact store, history, logs', async () => {
    expect(await findMarker(repo.state, [h.marker])).toEqual([]);
  });
});
