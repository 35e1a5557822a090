/**
 * The network namespaces a pipeline run lends its plain builds (docs/local-aws.md, "Network namespaces of a
 * pipeline run"): each build still starts as a fresh machine would (docs/aws/codepipeline.md §2.3: a Commands
 * action is a build of its own), so nothing of one build may be seen by the next: not its edits to
 * /etc/hosts, not a port its background process held; builds side by side never share one.
 */
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, expect, it } from 'vitest';
import { describeDocker } from '../helpers.js';
import { connectionSource, gitRepo, runIn, type Repo } from './harness.js';

const COMMANDS = { category: 'Compute', owner: 'AWS', provider: 'Commands', version: '1' };
const bind = (port: number, then: string) =>
  `python3 -c "import socket,time; s=socket.socket(); s.bind(('0.0.0.0',${port})); s.listen(1); ${then}"`;

const side = (name: string) => ({
  name,
  actionTypeId: COMMANDS,
  inputArtifacts: [{ name: 'Code' }],
  runOrder: 1,
  commands: [
    // Both hold port 8000 for three seconds at the same time: only separate namespaces allow that.
    bind(8000, 'time.sleep(3)'),
    "echo '10.9.9.9 leaked.example' >> /etc/hosts",
    `echo "host-of ${name} $(cat /etc/hostname)"`,
    // Still listening when the build ends: the container's end must take it down before the next build.
    `nohup ${bind(8001, 'time.sleep(600)')} >/dev/null 2>&1 &`,
    'sleep 1',
  ],
});

describeDocker('pipeline: lent network namespaces', () => {
  let repo: Repo;
  let run: Awaited<ReturnType<typeof runIn>>;
  beforeAll(async () => {
    repo = await gitRepo({ 'README.md': 'x\n' });
    const file = join(repo.dir, 'pipeline.json');
    writeFileSync(
      file,
      JSON.stringify({
        name: 'lent-networks',
        pipelineType: 'V2',
        roleArn: 'arn:aws:iam::123456789012:role/r',
        artifactStore: { type: 'S3', location: 'pipeline-artifacts' },
        stages: [
          { name: 'Source', actions: [connectionSource('Code', 'Code')] },
          { name: 'Side', actions: [side('Left'), side('Right')] },
          {
            name: 'Next',
            actions: [
              {
                name: 'After',
                actionTypeId: COMMANDS,
                inputArtifacts: [{ name: 'Code' }],
                commands: [
                  '! grep leaked /etc/hosts',
                  bind(8001, "print('port 8001 free')"),
                  `python3 -c "import socket; print('endpoint resolves', socket.gethostbyname('codelocal-aws'))"`,
                  '! env | grep CODELOCAL_ETC_',
                  'echo "host-of After $(cat /etc/hostname)"',
                ],
              },
            ],
          },
        ],
      }),
    );
    run = await runIn(repo, file);
    if (run.execution.status !== 'Succeeded') console.error(run.log);
  });

  const hostOf = (name: string) => new RegExp(`host-of ${name} (\\w+)`).exec(run.log)?.[1];

  it('builds side by side run in namespaces of their own (both hold the same port at once)', () => {
    expect(run.execution.status).toBe('Succeeded');
    expect(hostOf('Left')).toBeDefined();
    expect(hostOf('Right')).toBeDefined();
    expect(hostOf('Left')).not.toBe(hostOf('Right'));
  });

  it('a later build joins a namespace an earlier one had, and sees none of its edits, processes or variables', () => {
    expect([hostOf('Left'), hostOf('Right')]).toContain(hostOf('After'));
    expect(run.log).toContain('[Next.After] port 8001 free');
    expect(run.log).toMatch(/\[Next\.After\] endpoint resolves \d+\.\d+\.\d+\.\d+/);
    expect(run.log).not.toMatch(/\[Next\.After\] 10\.9\.9\.9/);
  });

  it('the run removes its holders when it ends', async () => {
    const left = () =>
      execFileSync(
        'docker',
        [
          'ps',
          '-aq',
          '--filter',
          'label=codelocal.role=network-holder',
          '--filter',
          `label=codelocal.pid=${process.pid}`,
        ],
        { encoding: 'utf8' },
      ).trim();
    const until = Date.now() + 15_000;
    while (left() && Date.now() < until) await new Promise((r) => setTimeout(r, 250));
    expect(left()).toBe('');
  });
});
