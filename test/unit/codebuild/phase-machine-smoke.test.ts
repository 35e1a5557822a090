import { expect, it } from 'vitest';
import { fakeBuild } from '../../support/fake-build.js';

it('smoke', async () => {
  const r = await fakeBuild({
    buildspec: 'version: 0.2\nphases:\n  build:\n    commands:\n      - echo hi\n      - false\n',
    commands: { 'echo hi': { output: 'hi\n' }, false: { exitCode: 1 } },
  });
  console.log(r.log, r.phases, r.container.ran, r.container.requests);
  expect(r.build.buildStatus).toBe('FAILED');
});
