/** The dry-run plan says when a build was written for Windows, which codelocal does not emulate. */
import { describe, expect, it } from 'vitest';
import { parseBuildspec } from '../../../src/model/buildspec.js';
import { defaultProject } from '../../../src/model/project-types.js';
import { planBuildSteps } from '../../../src/plan/build-plan.js';
import { powershellSign, windowsWarning } from '../../../src/plan/windows.js';

const spec = (...commands: string[]) =>
  parseBuildspec(
    'version: 0.2\nphases:\n  build:\n    commands:\n' + commands.map((c) => `      - '${c}'\n`).join(''),
    'buildspec.yml',
  );

describe('Windows builds', () => {
  it('PowerShell commands without env.shell: the plan warns and still plans sh', () => {
    const plan = planBuildSteps({
      buildspec: spec('Write-Host "hi"', 'dotnet build'),
      project: defaultProject('p'),
      image: { requested: 'i', local: 'i' },
      privileged: false,
      timeoutInMinutes: 60,
      source: '.',
      bind: false,
      variables: [],
      warnings: ['earlier'],
    });
    expect(plan.shell).toBe('sh');
    expect(plan.warnings).toEqual([
      'earlier',
      '\'Write-Host "hi"\' looks like PowerShell: Windows images are not emulated; this build runs with sh in a Linux container',
    ]);
  });

  it('a Windows environment type or image on the project', () => {
    const p = defaultProject('win');
    p.environment.type = 'WINDOWS_SERVER_2019_CONTAINER';
    expect(windowsWarning(spec('make'), p)).toMatch(/^project win uses environment type WINDOWS_SERVER_2019_CONTAINER/);
    const q = defaultProject('img', 'aws/codebuild/windows-base:2019-3.0');
    expect(windowsWarning(spec('make'), q)).toMatch(/uses image aws\/codebuild\/windows-base/);
    expect(windowsWarning(spec('make', 'npm test'), defaultProject('linux'))).toBeUndefined();
  });

  it('PowerShell signs: cmdlets as command words, $env:, .\\ paths; pwsh lines and text are fine', () => {
    expect(powershellSign('Get-ChildItem -Recurse')).toBe(0);
    expect(powershellSign('cd src; Remove-Item -Force x')).toBe(8);
    expect(powershellSign('echo $env:PATH')).toBe(5);
    expect(powershellSign('.\\build.ps1 -c Release')).toBe(0);
    expect(powershellSign('pwsh -Command Write-Host hi')).toBe(-1);
    expect(powershellSign('echo get-childitem docs')).toBe(-1);
    expect(powershellSign('git log --format=Set-Cookie')).toBe(-1);
  });
});
