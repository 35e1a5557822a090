/**
 * codelocal runs Linux containers only. A buildspec written for a Windows image (PowerShell commands and
 * no `env.shell`, or run by a project with a Windows environment) would be run with `sh` and fail in
 * ways that say nothing about the real build. The tests are the plan's (src/plan/windows.ts), so lint
 * and `build --dry-run` give the same answer.
 */
import { isScalar } from 'yaml';
import { powershellSign, windowsEnvironment } from '../../plan/index.js';
import { nodePosition, scalarText } from '../../model/index.js';
import { entriesAt } from '../buildspec-context.js';
import { nodeAt, projectResources } from '../template-tree.js';
import type { BuildspecContext, Report, TemplateContext } from '../types.js';
import { buildspecRule } from './define.js';

const NOT_EMULATED = 'Windows images are not emulated: codelocal runs this buildspec with sh in a Linux container';

function checkBuildspec(ctx: BuildspecContext, report: Report): void {
  for (const link of ctx.links) {
    const env = windowsEnvironment(link.project.environment);
    if (env) {
      report(`project '${link.project.name}' (${link.where}) uses ${env}; ${NOT_EMULATED}`, ctx.commands[0]?.pos);
      return;
    }
  }
  if (entriesAt(ctx.source, ['env']).some((e) => e.key === 'shell')) return; // the validator judges env.shell
  for (const item of ctx.commands) {
    const lines = item.text.split('\n');
    for (let i = 0; i < lines.length; i++) {
      const col = powershellSign(lines[i]!);
      if (col < 0) continue;
      const word = lines[i]!.slice(col).split(/\s+/)[0];
      report(`'${word}' is PowerShell and env.shell is not set; ${NOT_EMULATED}`, ctx.positionIn(item, i, col));
      return;
    }
  }
}

function checkTemplate(ctx: TemplateContext, report: Report): void {
  for (const res of projectResources(ctx.source)) {
    const type = nodeAt(ctx.source, res.properties, ['Environment', 'Type']);
    const image = nodeAt(ctx.source, res.properties, ['Environment', 'Image']);
    const text = (n: typeof type) => (isScalar(n) ? scalarText(n) : undefined);
    const env = windowsEnvironment({ type: text(type), image: text(image) });
    if (!env) continue;
    report(
      `${res.logicalId} uses ${env}: Windows images are not emulated; codelocal runs its builds with sh in a Linux container`,
      nodePosition(ctx.source, windowsEnvironment({ type: text(type) }) ? type : image) ?? res.entry.pos,
    );
  }
}

export const windowsNotEmulated = buildspecRule(
  {
    id: 'windows-not-emulated',
    severity: 'warning',
    summary: 'A buildspec or project written for a Windows image, which codelocal does not emulate.',
    explanation:
      'CodeBuild runs Windows builds in Windows Server containers with PowerShell as the default shell. ' +
      'codelocal runs Linux containers only: a Windows buildspec would be run with `sh` and fail for reasons ' +
      'unrelated to the real build. Reported for a project with a Windows environment type or image ' +
      '(`WINDOWS_SERVER_2019_CONTAINER`, `aws/codebuild/windows-base:…`) and for PowerShell commands ' +
      '(`Write-Host`, `$env:NAME`, `.\\build.ps1`) in a buildspec without `env.shell`, and for a buildspec ' +
      'whose `env.shell` is `powershell.exe` or `cmd.exe` (valid in CodeBuild; codelocal runs it with `sh`). ' +
      '`build --dry-run` ' +
      'shows the same warning. Commands that start PowerShell themselves (`pwsh -File build.ps1`) are fine: ' +
      'PowerShell exists on Linux images.',
  },
  checkBuildspec,
  checkTemplate,
);
