/** The EC2/on-premises appspec reader (docs/aws/codedeploy.md §2): what it accepts and where it points on errors. */
import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../../../src/errors.js';
import { parseAppSpec } from '../../../../src/local-aws/codedeploy/appspec.js';

const FULL = `version: 0.0
os: linux
files:
  - source: /
    destination: /var/www/app
file_exists_behavior: OVERWRITE
permissions:
  - object: /var/www/app
    pattern: "*.sh"
    except: [keep.sh]
    owner: www-data
    mode: 755
    type: [file]
    acls: ["u:bob:rw"]
hooks:
  BeforeInstall:
    - location: scripts/before.sh
  ApplicationStart:
    - location: /scripts/start.sh
      timeout: 300
      runas: www-data
    - location: scripts/warm.sh
  BeforeAllowTraffic:
    - location: scripts/lb.sh
`;

function problems(text: string): string[] {
  try {
    parseAppSpec(text, 'rev/appspec.yml');
  } catch (e) {
    if (e instanceof ValidationError) return e.problems.map((p) => p.describe());
    throw e;
  }
  return [];
}

describe('appspec.yml (codedeploy.md §2)', () => {
  it('codedeploy.md §2.1–§2.4: reads files, file_exists_behavior, permissions and hooks with their defaults', () => {
    const spec = parseAppSpec(FULL, 'rev/appspec.yml');
    expect(spec.files).toEqual([{ source: '/', destination: '/var/www/app', position: expect.anything() }]);
    expect(spec.fileExistsBehavior).toBe('OVERWRITE');
    expect(spec.permissions[0]).toMatchObject({
      object: '/var/www/app',
      pattern: '*.sh',
      except: ['keep.sh'],
      owner: 'www-data',
      mode: '755',
      types: ['file'],
      unsupported: ['acls'],
    });
    expect(spec.hooks.ApplicationStart!.map((h) => [h.location, h.timeoutSeconds, h.runas])).toEqual([
      ['scripts/start.sh', 300, 'www-data'],
      ['scripts/warm.sh', 3600, undefined],
    ]);
    expect(spec.hooks.BeforeAllowTraffic).toHaveLength(1);
  });

  it('codedeploy.md §2.2: file_exists_behavior defaults to DISALLOW; files, permissions and hooks are optional', () => {
    const spec = parseAppSpec('version: 0.0\nos: linux\n', 'a.yml');
    expect(spec).toMatchObject({ fileExistsBehavior: 'DISALLOW', files: [], permissions: [], hooks: {} });
  });

  it('reports every problem at file:line:column', () => {
    const text = `version: 1.0
os: linux
files:
  - source: app
    destination: var/www
hooks:
  BeforeInstal:
    - location: a.sh
  AfterInstall:
    - location: b.sh
      timeout: 4000
      run_as: root
permissions:
  - object: /x
    mode: u+x
`;
    expect(problems(text)).toEqual([
      'rev/appspec.yml:1:1: version must be 0.0, got "1.0"',
      'rev/appspec.yml:4:5: files.destination must be an absolute path on the instance, got "var/www"',
      `rev/appspec.yml:7:3: "BeforeInstal" is not a lifecycle event scripts can be attached to; did you mean 'BeforeInstall'?`,
      'rev/appspec.yml:11:7: hooks.AfterInstall.timeout must be 1-3600 seconds, got "4000"',
      `rev/appspec.yml:12:7: unknown key "hooks.AfterInstall.run_as"; did you mean 'runas'?`,
      'rev/appspec.yml:15:5: permissions.mode must be octal digits such as 644 (symbolic modes are not accepted), got "u+x"',
    ]);
  });

  it("codedeploy.md §3.2: Install and DownloadBundle are the agent's, not scriptable", () => {
    expect(problems('version: 0.0\nos: linux\nhooks:\n  Install:\n    - location: x.sh\n')[0]).toContain(
      '4:3: "Install" is not a lifecycle event scripts can be attached to',
    );
  });

  it('refuses windows and Lambda/ECS appspecs with a message of their own', () => {
    expect(problems('version: 0.0\nos: windows\n')).toEqual([
      'rev/appspec.yml:2:1: os: windows is not emulated locally (instances are Linux containers)',
    ]);
    expect(problems('version: 0.0\nResources:\n  - fn: {}\n')[0]).toContain('is for a Lambda or ECS deployment');
    expect(problems('os: linux\n')).toEqual(['rev/appspec.yml:1:1: the appspec needs "version"']);
  });
});
