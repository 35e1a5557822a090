/** Rule details: messages, positions and the edge cases each rule must get right (and stay quiet on). */
import { describe, expect, it } from 'vitest';
import { lintBuildspec } from '../../../src/lint/lint-buildspec.js';
import { classify } from '../../../src/lint/classify.js';
import { secretReferenceProblem } from '../../../src/lint/rules/secrets-manager-reference.js';
import { logicalLines, segments } from '../../../src/lint/shell.js';
import { defaultProject } from '../../../src/model/project-types.js';
import type { Finding, ProjectLink } from '../../../src/lint/types.js';
import { lintFixture, RULE_FIXTURES } from './helpers.js';

const spec = (...commands: string[]) =>
  'version: 0.2\nphases:\n  build:\n    commands:\n' + commands.map((c) => `      - ${c}\n`).join('');
const only = (ruleId: string, text: string, links: ProjectLink[] = []): Finding[] =>
  lintBuildspec('buildspec.yml', text, links).filter((f) => f.ruleId === ruleId);
const at = (f: Finding[]) => f.map((x) => `${x.severity}@${x.line}:${x.column}`);

describe('yaml-number-changed', () => {
  it('yaml-number-changed: python: 3.10 is kept as written by the build (as the model reads it): no finding', () => {
    const f = only(
      'yaml-number-changed',
      'version: 0.2\nenv:\n  variables:\n    V: 1.0\n    M: 010\nphases:\n  install:\n    runtime-versions:\n      python: 3.10\n      java: 1.0\n  build:\n    commands: [make]\n',
    );
    expect(f).toEqual([]);
  });

  it('yaml-number-changed: spellings YAML keeps (20, 1.22, "3.10", 3.x, corretto17) are fine', () => {
    const text =
      'version: 0.2\nphases:\n  install:\n    runtime-versions:\n      a: 20\n      b: 1.22\n      c: "3.10"\n      d: 3.x\n      e: corretto17\n';
    expect(only('yaml-number-changed', text)).toEqual([]);
  });
});

describe('multiline-without-set-e', () => {
  it('multiline-without-set-e: points at the first line that can fail unseen', () => {
    const text =
      'version: 0.2\nphases:\n  build:\n    commands:\n      - |\n        # prepare\n        npm ci\n        npm test\n';
    expect(at(only('multiline-without-set-e', text))).toEqual(['warning@7:9']);
  });

  it('multiline-without-set-e: set -e variants, && chains, single-line blocks and compound commands are fine', () => {
    for (const block of [
      'set -e\nnpm ci\nnpm test',
      'set -eux\nnpm ci\nnpm test',
      'set -o errexit\nnpm ci\nnpm test',
      'npm ci &&\nnpm test',
      'npm ci \\\n  --silent',
      'for f in *.zip; do\n  unzip "$f"\ndone',
      'if [ -f x ]; then\n  make\nelse\n  make all\nfi',
    ]) {
      const text =
        'version: 0.2\nphases:\n  build:\n    commands:\n      - |\n' +
        block
          .split('\n')
          .map((l) => `        ${l}\n`)
          .join('');
      expect(only('multiline-without-set-e', text), block).toEqual([]);
    }
  });

  it('multiline-without-set-e (docs/lint.md): statements that handle their own status are not reported', () => {
    const block = (...lines: string[]) =>
      'version: 0.2\nphases:\n  build:\n    commands:\n      - |\n' + lines.map((l) => `        ${l}\n`).join('');
    for (const text of [
      block('./run-tests.sh', 'rc=$?', 'if [ "$rc" -ne 0 ]; then exit "$rc"; fi', 'echo done'),
      block('npm test | tee test.log', 'exit "${PIPESTATUS[0]}"'),
      block('make lint || echo "lint failed, continuing"', 'make build'),
      block('if ! make test; then', '  echo tests failed', 'fi', 'make package'),
      block('[ -f .env ] && . ./.env', 'make deploy'),
    ]) {
      expect(only('multiline-without-set-e', text), text).toEqual([]);
    }
    // A test-only `if` handles its condition, not a body that runs commands (see the next test).
    expect(at(only('multiline-without-set-e', block('if ! make test; then', '  make report', 'fi', 'make b')))).toEqual(
      ['warning@6:9'],
    );
  });

  it('multiline-without-set-e: a plain multi-line scalar is not a `|` block and is not reported', () => {
    expect(only('multiline-without-set-e', spec('"npm ci\n        npm test"'))).toEqual([]);
  });
});

describe('docker-without-privileged', () => {
  const project = (privilegedMode: boolean): ProjectLink => {
    const p = defaultProject('app-build');
    p.environment.privilegedMode = privilegedMode;
    return { project: p, where: 'template.yaml#BuildProject', pipelineVariables: [] };
  };

  it('docker-without-privileged: error naming the project when the linked project is not privileged', () => {
    const f = only('docker-without-privileged', spec('echo hi', 'docker build -t app .'), [project(false)]);
    expect(f).toEqual([
      expect.objectContaining({
        severity: 'error',
        line: 6,
        column: 9,
        message:
          "'docker build' needs the Docker daemon, but project 'app-build' (template.yaml#BuildProject) does not set PrivilegedMode: true",
      }),
    ]);
  });

  it('docker-without-privileged: nothing when the linked project is privileged; a warning when standalone', () => {
    expect(only('docker-without-privileged', spec('docker build .'), [project(true)])).toEqual([]);
    expect(at(only('docker-without-privileged', spec('docker build .')))).toEqual(['warning@5:9']);
  });

  it('docker-without-privileged: finds docker after pipes and in $(...), not in words or echo text', () => {
    expect(
      at(
        only('docker-without-privileged', spec('aws ecr get-login-password | docker login -u AWS --password-stdin x')),
      ),
    ).toEqual(['warning@5:38']);
    expect(
      only('docker-without-privileged', spec('echo use docker-compose', 'mydocker build', 'docker version')),
    ).toEqual([expect.objectContaining({ message: expect.stringContaining("'docker version'") })]);
  });

  it('docker-without-privileged: commands that need no daemon are not reported', () => {
    const quiet = [
      'docker --version',
      'docker -v',
      'docker help',
      'docker build --help',
      'docker logout',
      'docker manifest inspect public.ecr.aws/docker/library/node:20',
      'docker buildx version',
      'docker compose version',
      'docker-compose --version',
      'docker-compose config',
    ];
    expect(only('docker-without-privileged', spec(...quiet))).toEqual([]);
    expect(at(only('docker-without-privileged', spec('docker --version && docker build .')))).toEqual(['warning@5:29']);
  });
});

describe('aws-account-id-undefined', () => {
  it('aws-account-id-undefined: defined by an assignment, env.variables, or ${VAR:-fallback} use', () => {
    expect(
      only(
        'aws-account-id-undefined',
        spec(
          'export AWS_ACCOUNT_ID=$(aws sts get-caller-identity --query Account --output text)',
          'echo $AWS_ACCOUNT_ID',
        ),
      ),
    ).toEqual([]);
    expect(
      only(
        'aws-account-id-undefined',
        'version: 0.2\nenv:\n  parameter-store:\n    AWS_ACCOUNT_ID: /acct\nphases:\n  build:\n    commands:\n      - echo $AWS_ACCOUNT_ID\n',
      ),
    ).toEqual([]);
    expect(only('aws-account-id-undefined', spec('echo ${AWS_ACCOUNT_ID:-none}'))).toEqual([]);
    expect(at(only('aws-account-id-undefined', spec('echo ${AWS_ACCOUNT_ID}.dkr')))).toEqual(['warning@5:14']);
  });

  it('aws-account-id-undefined: a pipeline passing AWS_ACCOUNT_ID to the project defines it', () => {
    const link: ProjectLink = { project: defaultProject('b'), where: 'p.json', pipelineVariables: ['AWS_ACCOUNT_ID'] };
    expect(only('aws-account-id-undefined', spec('echo $AWS_ACCOUNT_ID'), [link])).toEqual([]);
    const bare: ProjectLink = { project: defaultProject('b'), where: 'p.json', pipelineVariables: [] };
    expect(at(only('aws-account-id-undefined', spec('echo $AWS_ACCOUNT_ID'), [bare]))).toEqual(['error@5:14']);
  });
});

describe('shell-based rules', () => {
  it('helm-without-wait: flags joined across backslash continuations; --atomic and --dry-run are fine', () => {
    expect(
      only('helm-without-wait', spec('helm upgrade --install app ./c --atomic', 'helm install x ./c --dry-run')),
    ).toEqual([]);
    expect(only('helm-without-wait', spec('helm template x ./c', 'helm repo add a b'))).toEqual([]);
    expect(at(only('helm-without-wait', spec('cd chart && helm upgrade app .')))).toEqual(['warning@5:21']);
  });

  it('install-without-yes: -y anywhere, --yes, -qq count; apt-get update and yum -y are fine', () => {
    expect(
      only(
        'install-without-yes',
        spec(
          'apt-get install --no-install-recommends -y curl',
          'apt-get -y install x',
          'apt-get install --yes x',
          'apt-get -qq install x',
          'yum -y install x',
          'apt-get update',
        ),
      ),
    ).toEqual([]);
    expect(at(only('install-without-yes', spec('sudo apt-get install curl', 'yum update')))).toEqual([
      'warning@5:14',
      'error@6:9',
    ]);
  });

  it('install-without-yes (docs/lint.md): a piped answer, --assumeyes and -o APT::Get::Assume-Yes=true count', () => {
    expect(
      only(
        'install-without-yes',
        spec(
          'yes | apt-get install binutils',
          'yes y | apt install gdal-bin',
          'echo y | sudo apt-get install make',
          "printf 'y\\n' | apt-get install zip",
          'apt-get -qq --yes install x',
          'apt-get --assume-yes install x',
          'apt-get -o APT::Get::Assume-Yes=true install x',
          'apt-get install -o APT::Get::Assume-Yes=true x',
          'yum install --assumeyes git',
          'dnf --assumeyes install git',
          'yes | yum install git',
        ),
      ),
    ).toEqual([]);
    // DEBIAN_FRONTEND answers debconf, not apt's "Do you want to continue?"; `yes ||` is no pipe.
    expect(
      at(
        only(
          'install-without-yes',
          spec(
            'DEBIAN_FRONTEND=noninteractive apt-get install curl',
            'yes || apt-get install curl',
            'echo n | apt-get install x',
          ),
        ),
      ),
    ).toEqual(['warning@5:40', 'warning@6:16', 'warning@7:18']);
  });

  it('install-without-yes (docs/lint.md): apt install is a warning, apt removals and upgrades and yum/dnf errors', () => {
    const f = only(
      'install-without-yes',
      spec(
        'apt-get install jq',
        'apt install jq',
        'apt-get remove nano',
        'apt-get upgrade',
        'yum install git',
        'dnf install git',
      ),
    );
    expect(at(f)).toEqual(['warning@5:9', 'warning@6:9', 'error@7:9', 'error@8:9', 'error@9:9', 'error@10:9']);
    expect(f[0]!.message).toContain('when the packages need others (dependencies)');
  });

  it('ecr-get-login: get-login-password is the replacement, not a finding', () => {
    expect(only('ecr-get-login', spec('aws ecr get-login-password --region us-east-1'))).toEqual([]);
    expect(at(only('ecr-get-login', spec('eval $(aws ecr get-login --no-include-email)')))).toEqual(['error@5:20']);
  });

  it('hardcoded-account-id: 12 digits alone, in ARNs and ECR hosts; longer numbers and other digits are fine', () => {
    expect(only('hardcoded-account-id', spec('echo 1234567890123', 'sleep 120', 'echo build-000000000001x'))).toEqual(
      [],
    );
    expect(
      at(
        only(
          'hardcoded-account-id',
          spec('aws sts assume-role --role-arn arn:aws:iam::210987654321:role/deploy --role-session-name x'),
        ),
      ),
    ).toEqual(['warning@5:53']);
  });

  it('logicalLines joins continuations; segments split at && || ; |', () => {
    expect(logicalLines('a \\\n  b\nc')).toEqual([
      { text: 'a    b', line: 0 },
      { text: 'c', line: 2 },
    ]);
    expect(segments('cd x && sudo apt-get install y | tee l').map((s) => s.text.trim())).toEqual([
      'cd x',
      'apt-get install y',
      'tee l',
    ]);
  });
});

describe('secrets-manager-reference', () => {
  it('secrets-manager-reference: the documented shapes pass', () => {
    for (const ok of [
      'prod/app',
      'prod/app:api_key',
      'prod/app:api_key:AWSPREVIOUS',
      'prod/app:api_key::0a1b2c3d',
      'arn:aws:secretsmanager:us-east-1:111111111111:secret:prod/app-AbCdEf',
      'arn:aws:secretsmanager:us-east-1:111111111111:secret:prod/app-AbCdEf:key:AWSCURRENT',
    ]) {
      expect(secretReferenceProblem(ok), ok).toBeUndefined();
    }
  });

  it('secrets-manager-reference: malformed shapes are named', () => {
    expect(secretReferenceProblem('')).toBe('is empty');
    expect(secretReferenceProblem('prod app')).toBe('contains whitespace');
    expect(secretReferenceProblem('a:b:c:d:e')).toMatch(/more than four fields/);
    expect(secretReferenceProblem('a:b:AWSCURRENT:id')).toMatch(/mutually exclusive/);
    expect(secretReferenceProblem('arn:aws:ssm:us-east-1:111111111111:parameter/x')).toMatch(
      /not a Secrets Manager secret ARN/,
    );
  });
});

describe('env-value-type and file encoding', () => {
  it('env-value-type: booleans and numbers are kept as written in a buildspec; null becomes ""', () => {
    const text =
      'version: 0.2\nenv:\n  variables:\n    A: on\n    B: 8080\n    C:\n    D: "yes"\nphases:\n  build:\n    commands: [make]\n';
    expect(only('env-value-type', text).map((f) => f.message)).toEqual([
      'env.variables.C has no value (YAML null): it becomes an empty string; write "" if meant',
    ]);
  });

  it('crlf-line-endings and byte-order-mark: notes only, and positions stay right under a BOM and CRLF', () => {
    const text = '\ufeff' + spec('docker build .').replace(/\n/g, '\r\n');
    const f = lintBuildspec('buildspec.yml', text, []);
    expect(
      f
        .filter((x) => x.severity === 'info')
        .map((x) => x.ruleId)
        .sort(),
    ).toEqual(['byte-order-mark', 'crlf-line-endings']);
    expect(f.find((x) => x.ruleId === 'docker-without-privileged')).toMatchObject({ line: 5, column: 9 });
  });
});

describe('classification by content', () => {
  it('buildspec / pipeline / template / projects / other', () => {
    expect(classify('ci/build.yml', 'version: 0.2\nphases:\n  build: {}\n')).toBe('buildspec');
    expect(classify('buildspec.yml', 'Phases: {}\n')).toBe('buildspec');
    expect(classify('x.json', '{"pipeline":{"name":"p","stages":[]}}')).toBe('pipeline');
    expect(classify('x.json', '{"name":"p","stages":[{"name":"s","actions":[]}]}')).toBe('pipeline');
    expect(classify('t.yaml', 'Resources:\n  P:\n    Type: AWS::CodePipeline::Pipeline\n')).toBe('template');
    expect(classify('t.json', '{"Resources":{"B":{"Type":"AWS::CodeBuild::Project"}}}')).toBe('template');
    expect(classify('p.json', '{"projects":[{"name":"b"}]}')).toBe('projects');
    expect(
      classify('appspec.yaml', 'version: 0.0\nResources:\n  - TargetService:\n      Type: AWS::ECS::Service\n'),
    ).toBe('other');
    expect(classify('.gitlab-ci.yml', 'name: x\nstages:\n  - build\n')).toBe('other');
    expect(classify('taskdef.json', '{"family":"app","containerDefinitions":[]}')).toBe('other');
  });
});

describe('linking buildspecs to projects found in the same run', () => {
  it('docker-without-privileged: a template project or a batch-get-projects file makes it an error naming the file', () => {
    for (const [dir, where] of [
      ['bad-linked', 'infra/template.yaml#BuildProject'],
      ['bad-projects-json', 'projects.json'],
    ]) {
      const f = lintFixture(`${RULE_FIXTURES}/docker-without-privileged/${dir}`).findings;
      expect(f).toEqual([
        expect.objectContaining({
          ruleId: 'docker-without-privileged',
          severity: 'error',
          file: 'buildspec.yml',
          line: 5,
        }),
      ]);
      expect(f[0]!.message).toContain(`(${where})`);
    }
  });
});

describe('multiline-without-set-e reads the block as shell', () => {
  const block = (lines: string[]) =>
    'version: 0.2\nphases:\n  build:\n    commands:\n      - |\n' + lines.map((l) => `        ${l}\n`).join('');
  it('multiline-without-set-e: here-document bodies, if … fi and case labels are not statements', () => {
    for (const lines of [
      ['cat > a.json <<EOF', '{"a": 1}', 'npm test', 'EOF', 'aws s3 cp a.json s3://b/a.json'],
      ['if [ -f x ]; then', '  npm ci', '  npm test', 'fi'],
      ['case "$S" in', '  prod) make p ;;', '  *) make d ;;', 'esac'],
      ['echo "start"', 'make'],
    ])
      expect(only('multiline-without-set-e', block(lines))).toEqual([]);
  });

  it('multiline-without-set-e: the first statement that can fail, after a here-document', () => {
    const f = only('multiline-without-set-e', block(['cat > e <<EOF', 'A=1', 'EOF', './migrate.sh', './deploy.sh']));
    expect(at(f)).toEqual(['warning@9:9']);
    expect(f[0]!.message).toContain("'./migrate.sh' can fail unseen");
  });

  it('multiline-without-set-e: an if block followed by another statement can fail unseen', () => {
    expect(at(only('multiline-without-set-e', block(['if [ -f x ]; then', '  make a', 'fi', 'make b'])))).toEqual([
      'warning@6:9',
    ]);
  });
});

describe('template parameter placeholders', () => {
  it('a parameter feeding RoleArn gets an ARN-shaped placeholder; AllowedPattern still wins', async () => {
    const { parseYaml } = await import('../../../src/model/yaml-source.js');
    const { parameterPlaceholders } = await import('../../../src/lint/template-parameters.js');
    const text = [
      'Parameters:',
      '  PipelineRoleArn: {Type: String}',
      '  DeployRole: {Type: String}',
      '  Bucket: {Type: String}',
      '  Account: {Type: String, AllowedPattern: "[0-9]{12}"}',
      'Resources:',
      '  P:',
      '    Type: AWS::CodePipeline::Pipeline',
      '    Properties:',
      '      RoleArn: !Ref PipelineRoleArn',
      '      ArtifactStore: {Type: S3, Location: !Ref Bucket}',
      '      Stages: [{Actions: [{RoleArn: {Ref: DeployRole}}]}]',
      '      Name: !Sub "p-${Account}"',
    ].join('\n');
    expect(parameterPlaceholders(parseYaml(text, 't.yaml', { version: '1.1' }).source)).toEqual({
      PipelineRoleArn: 'arn:aws:iam::123456789012:role/placeholder',
      DeployRole: 'arn:aws:iam::123456789012:role/placeholder',
      Bucket: 'placeholder',
      Account: '123456789012',
    });
  });
});
