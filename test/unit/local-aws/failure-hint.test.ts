import { describe, expect, it } from 'vitest';
import { failureHint } from '../../../src/engine/codebuild/failure-hints.js';

describe("privileged mode, the seed's common mistake", () => {
  it('docs/aws/codebuild.md §6: a Docker command without privileged mode names the fix', () => {
    const output = 'Cannot connect to the Docker daemon at unix:///var/run/docker.sock. Is the docker daemon running?';
    expect(failureHint({ output, exitCode: 1, privileged: false })).toMatch(/PrivilegedMode: true/);
    expect(failureHint({ output, exitCode: 1, privileged: true })).toBeUndefined();
  });
});
