/** Variables: docs/aws/codebuild.md §1.5, §3 and §8 items 16–20. */
import { expect, it } from 'vitest';
import { describeDocker } from '../helpers.js';
import { runSpec, spec } from './harness.js';

describeDocker('build: variables', () => {
  it('docs/aws/codebuild.md §8.16: start-build override > project > buildspec', async () => {
    const files = {
      'buildspec.yml': spec(
        `env:\n  variables:\n    A: buildspec\n    B: buildspec\n    C: buildspec\nphases:\n  build:\n    commands:\n      - echo "A=$A B=$B C=$C"\n`,
      ),
      'project.json': JSON.stringify({
        projects: [
          {
            name: 'p',
            source: { type: 'NO_SOURCE' },
            artifacts: { type: 'NO_ARTIFACTS' },
            environment: {
              type: 'LINUX_CONTAINER',
              image: 'aws/codebuild/standard:7.0',
              computeType: 'BUILD_GENERAL1_SMALL',
              environmentVariables: [
                { name: 'A', value: 'project', type: 'PLAINTEXT' },
                { name: 'B', value: 'project', type: 'PLAINTEXT' },
              ],
            },
          },
        ],
      }),
    };
    const { log } = await runSpec(files, (dir) => ({
      env: [{ name: 'A', value: 'override' }],
      project: `${dir}/project.json`,
    }));
    expect(log).toContain('A=override B=project C=buildspec');
  });

  it('docs/aws/codebuild.md §8.16: CODEBUILD_* names are reserved and cannot be overridden', async () => {
    const { log, build } = await runSpec(
      { 'buildspec.yml': spec(`phases:\n  build:\n    commands:\n      - echo "id=$CODEBUILD_BUILD_ID"\n`) },
      { env: [{ name: 'CODEBUILD_BUILD_ID', value: 'mine' }] },
    );
    expect(log).toContain(`id=${build.id}`);
    expect(build.codelocal.warnings.join('\n')).toMatch(/CODEBUILD_BUILD_ID is reserved/);
  });

  it('docs/aws/codebuild.md §8.17: env/variables values are not interpolated (UNCERTAIN: doc claim, chosen)', async () => {
    const { log } = await runSpec({
      'buildspec.yml': spec(
        `env:\n  variables:\n    PATHX: "$HOME/x"\nphases:\n  build:\n    commands:\n      - echo "PATHX=$PATHX"\n`,
      ),
    });
    expect(log).toContain('PATHX=$HOME/x');
  });

  it('docs/aws/codebuild.md §8.18: parameter-store and secrets-manager values resolve from stubs and are masked', async () => {
    const { build, log } = await runSpec({
      'buildspec.yml': spec(`env:
  parameter-store:
    P: /app/param
  secrets-manager:
    S: prod/app:api_key
    WHOLE: plain-secret
phases:
  build:
    commands:
      - echo "P=$P S=$S W=$WHOLE"
      - test "$S" = k3yv4lue && echo s-ok
`),
      'codelocal.stubs.yml':
        'parameters:\n  /app/param: paramv4lue\nsecrets:\n  prod/app:\n    api_key: k3yv4lue\n  plain-secret: wh0lesecret\n',
    });
    expect(build.buildStatus).toBe('SUCCEEDED');
    expect(log).toContain('P=*** S=*** W=***');
    expect(log).toContain('s-ok');
    expect(log).toContain('Decrypting parameter store environment variables');
    expect(JSON.stringify(build)).not.toMatch(/paramv4lue|k3yv4lue|wh0lesecret/);
  });

  it("docs/aws/codebuild.md §8.18: a missing parameter fails DOWNLOAD_SOURCE with CodeBuild's message", async () => {
    const { build, log } = await runSpec({
      'buildspec.yml': spec(
        `env:\n  parameter-store:\n    P: /nope\nphases:\n  build:\n    commands:\n      - echo never\n`,
      ),
    });
    expect(log).toContain('Phase complete: DOWNLOAD_SOURCE State: FAILED');
    expect(log).toContain(
      'Phase context status code: Decrypted Variables Error Message: parameter does not exist: /nope',
    );
    expect(log).not.toContain('Entering phase');
    expect(build.buildStatus).toBe('FAILED');
    const secret = await runSpec({
      'buildspec.yml': spec(
        `env:\n  secrets-manager:\n    S: nope:key\nphases:\n  build:\n    commands:\n      - echo never\n`,
      ),
    });
    expect(secret.log).toContain(
      "Phase context status code: Secrets Manager Error Message: ResourceNotFoundException: Secrets Manager can't find the specified secret.",
    );
  });

  it('docs/aws/codebuild.md §8.19: exported variables take their post_build value; AWS_* is never exported', async () => {
    const { build } = await runSpec({
      'buildspec.yml': spec(`env:
  exported-variables:
    - OUT
    - AWS_FOO
    - NEVER_SET
phases:
  build:
    commands:
      - export OUT=1 AWS_FOO=x
  post_build:
    commands:
      - OUT=2
`),
    });
    expect(build.exportedEnvironmentVariables).toEqual([{ name: 'OUT', value: '2' }]);
  });

  it('docs/aws/codebuild.md §8.20: predefined variables have the documented shapes', async () => {
    const { build, log } = await runSpec({
      'buildspec.yml': spec(
        `phases:\n  build:\n    commands:\n      - env | sort | grep -E '^(CODEBUILD_|AWS_|HOME=)'\n`,
      ),
    });
    const env = Object.fromEntries(
      log
        .split('\n')
        .filter((l) => /^((CODEBUILD_|AWS_)[A-Z_]*|HOME)=/.test(l))
        .map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]),
    );
    expect(env.CODEBUILD_BUILD_ID).toBe(build.id);
    expect(env.CODEBUILD_BUILD_ID).toMatch(/^[A-Za-z0-9_-]+:[0-9a-f-]{36}$/);
    expect(env.CODEBUILD_BUILD_ARN).toBe(`arn:aws:codebuild:us-east-1:123456789012:build/${build.id}`);
    expect(env.CODEBUILD_START_TIME).toMatch(/^\d{13}$/);
    expect(env.CODEBUILD_BUILD_NUMBER).toBe('1');
    expect(env.CODEBUILD_BUILD_SUCCEEDING).toBe('1');
    expect(env.CODEBUILD_SRC_DIR).toMatch(/^\/codebuild\/output\/src\d+\/src$/);
    expect(env.CODEBUILD_BUILD_IMAGE).toBe('aws/codebuild/standard:7.0');
    expect(env.AWS_REGION).toBe('us-east-1');
    expect(env.AWS_DEFAULT_REGION).toBe('us-east-1');
    expect(env.HOME).toBe('/root');
    // Not a git checkout: no resolved source version (§3: unset for S3/zip sources).
    expect(env.CODEBUILD_RESOLVED_SOURCE_VERSION).toBeUndefined();
  });
});
