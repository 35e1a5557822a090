import { describe, expect, it } from 'vitest';
import { failureLines } from '../../../src/engine/codebuild/failure-lines.js';
import { failureHint } from '../../../src/engine/codebuild/failure-hints.js';

const masker = { mask: (t: string) => t.replaceAll('s3cr3t', '***') };

describe('failure summary', () => {
  it("shows the failing command's own last lines, masked, without trailing blank lines", () => {
    const out = Array.from({ length: 30 }, (_, i) => `line ${i}`).join('\n') + '\ntoken=s3cr3t\r\n\n';
    const lines = failureLines(out, masker);
    expect(lines).toHaveLength(20);
    expect(lines[0]).toBe('line 11');
    expect(lines.at(-1)).toBe('token=***');
  });

  it('hints: Docker without privileged mode (daemon or socket message)', () => {
    const out = 'docker: error during connect: dial unix /var/run/docker.sock: connect: no such file or directory';
    expect(failureHint({ output: out, privileged: false })).toMatch(/privileged/);
    expect(failureHint({ output: out, privileged: true })).toBeUndefined();
  });

  it('hints: a command the image lacks, naming the image (dash and bash wordings)', () => {
    const dash = '/codebuild/output/tmp/script.sh: 4: terraform: not found';
    const bash = '/codebuild/output/tmp/script.sh: line 4: terraform: command not found';
    for (const out of [dash, bash]) {
      expect(failureHint({ output: out, exitCode: 127, image: 'aws/codebuild/standard:7.0' })).toBe(
        "'terraform' is not installed in the image aws/codebuild/standard:7.0; install it in the install phase or choose another image.",
      );
    }
  });

  it('hints: missing runtime version, parameter, secret, secret JSON key', () => {
    const hint = (message: string) => failureHint({ context: { statusCode: 'X', message } });
    expect(hint("Unknown runtime version named '99' of nodejs. This build image has...")).toMatch(/runtime-versions/);
    expect(hint('parameter does not exist: /app/token')).toMatch(/--parameter/);
    expect(hint("ResourceNotFoundException: Secrets Manager can't find the specified secret.")).toMatch(/--secret/);
    expect(hint('json key does not exist in secret: password')).toMatch(/JSON object/);
  });
});
