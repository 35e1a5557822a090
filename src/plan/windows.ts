/**
 * Signs that a build was written for a Windows image: a Windows environment type or image on the
 * project, or PowerShell commands in a buildspec that names no shell. codelocal runs Linux containers
 * only, so such a build would run its commands with `sh` (codebuild.md §1.5: `env.shell` defaults to
 * `sh` on Linux and to PowerShell on Windows). The plan warns, and lint's `windows-not-emulated` rule
 * uses the same tests, so the two always agree.
 */
import type { Buildspec, CodeBuildProject } from '../model/index.js';

/** A Windows environment: WINDOWS_CONTAINER, WINDOWS_SERVER_2019_CONTAINER, WINDOWS_EC2, or a windows image. */
export function windowsEnvironment(env: { type?: string; image?: string }): string | undefined {
  if (env.type && /^WINDOWS/i.test(env.type)) return `environment type ${env.type}`;
  if (env.image && /(?:^|[/:-])windows/i.test(env.image)) return `image ${env.image}`;
  return undefined;
}

/**
 * PowerShell in one command line: a `Verb-Noun` cmdlet as a command word, `$env:NAME`, or a `.\x`
 * path. Lines that start PowerShell themselves (`pwsh`, `powershell`) are fine on Linux. Returns the
 * index of the sign in the line, or -1.
 */
export function powershellSign(line: string): number {
  if (/^\s*(?:pwsh|powershell)(?:\.exe)?\b/i.test(line)) return -1;
  const m =
    /(?:^|[;|&(]\s*)((?:Get|Set|New|Remove|Copy|Move|Write|Invoke|Expand|Compress|Test|Start|Stop|Import|Install|Out|Select|Where|ForEach|Add|Join|Resolve|Push|Pop)-[A-Z][A-Za-z]+)\b/.exec(
      line,
    ) ??
    /(\$env:[A-Za-z_]\w*)/.exec(line) ??
    /(?:^|\s)(\.\\[\w.-]+)/.exec(line);
  return m ? m.index + m[0].length - m[1]!.length : -1;
}

/** The plan's warning when the build looks written for Windows, else undefined. */
export function windowsWarning(buildspec: Buildspec, project: CodeBuildProject): string | undefined {
  const env = windowsEnvironment(project.environment);
  if (env)
    return `project ${project.name} uses ${env}: Windows images are not emulated; this build runs with sh in a Linux container`;
  // A named shell: a Linux one is used; a Windows one already has the buildspec's own warning.
  if (buildspec.env.shell || buildspec.warnings.some((w) => w.code === 'BUILDSPEC_SHELL_WINDOWS')) return undefined;
  for (const phase of buildspec.phases) {
    for (const c of [...phase.commands, ...phase.finally]) {
      const line = c.text.split('\n').find((l) => powershellSign(l) >= 0);
      if (line !== undefined)
        return `'${line.trim().slice(0, 40)}' looks like PowerShell: Windows images are not emulated; this build runs with sh in a Linux container`;
    }
  }
  return undefined;
}
