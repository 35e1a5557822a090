/**
 * `codelocal pipeline run --ui` (issue 13): the terminal says where the execution's page is, the server
 * answers for the length of the run, and a decision sent with the page's token (as the Approve button
 * sends it) lets the waiting Manual approval (docs/aws/codepipeline.md §2.6) and the run finish (exit 0).
 */
import { execa } from 'execa';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { describeDocker } from '../helpers.js';
import { connectionSource, gitRepo, pipelineFile } from '../pipeline/harness.js';

const CLI = join(process.cwd(), 'dist/cli/main.js');

describeDocker('pipeline run --ui', () => {
  it('prints the execution page, serves it during the run, and an approval from it ends the run', async () => {
    const repo = await gitRepo({ 'README.md': '# app\n' });
    const file = pipelineFile(repo.state, [
      { name: 'Source', actions: [connectionSource('Code', 'Code')] },
      {
        name: 'Gate',
        actions: [
          { name: 'Approve', actionTypeId: { category: 'Approval', owner: 'AWS', provider: 'Manual', version: '1' } },
        ],
      },
    ]);
    const p = execa('node', [CLI, 'pipeline', 'run', file, '--ui', '--state-dir', repo.state], {
      cwd: repo.dir,
      reject: false,
      stdin: 'ignore',
      env: { NO_COLOR: '1', DISPLAY: '', WAYLAND_DISPLAY: '' },
    });
    const url = await new Promise<string>((resolve) => {
      let seen = '';
      p.stderr!.on('data', (b: Buffer) => {
        seen += b.toString();
        const m = /codelocal ui: (http:\/\/\S+#\/pipeline\/\S+)/.exec(seen);
        if (m) resolve(m[1]!);
      });
    });
    const base = url.slice(0, url.indexOf('#'));
    const id = decodeURIComponent(url.slice(url.indexOf('#/pipeline/') + '#/pipeline/'.length));
    const html = await (await fetch(base)).text();
    const token = /name="codelocal-token" content="([0-9a-f]+)"/.exec(html)![1]!;
    const approve = () =>
      fetch(`${base}api/pipeline-executions/${id}/approve`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-codelocal-token': token },
        body: JSON.stringify({ stage: 'Gate', action: 'Approve', status: 'Approved', summary: 'from the page' }),
      });
    // The approval exists once the Gate stage has started; until then the API says there is none.
    let r = await approve();
    for (let i = 0; i < 100 && r.status === 400; i++) {
      await new Promise((done) => setTimeout(done, 200));
      r = await approve();
    }
    expect(r.status).toBe(200);
    const done = await p;
    expect(done.exitCode, done.stderr).toBe(0);
    expect(done.stdout).toContain('Succeeded');
  });
});
