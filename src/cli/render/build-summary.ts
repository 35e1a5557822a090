/** The short summary printed after a build: status, phase durations, artifacts, failure. */
import type { Build } from '../../engine/codebuild/index.js';
import { paint } from '../output.js';

type Failure = NonNullable<Build['codelocal']['failure']>;

/** "What failed": phase, command and exit status, the command's last lines, the hint; each line prefixed by `indent`. */
export function renderFailure(f: Failure, indent = '', stream: NodeJS.WriteStream = process.stderr): string[] {
  const lines = [
    indent +
      paint('What failed:', 'red', stream) +
      ` phase ${f.phase}` +
      (f.command ? `, command \`${f.command}\`` : '') +
      (f.exitCode !== undefined ? `, exit status ${f.exitCode}` : ''),
  ];
  const tail = f.lastLines.filter((l) => l.trim() && !l.startsWith('[Container]')).slice(-10);
  for (const l of tail) lines.push(`${indent}  | ${l}`);
  if (f.hint) lines.push(indent + paint(`hint: ${f.hint}`, 'yellow', stream));
  return lines;
}

export function renderBuildSummary(build: Build, stream: NodeJS.WriteStream = process.stderr): string {
  const lines: string[] = [''];
  const ok = build.buildStatus === 'SUCCEEDED';
  lines.push(paint(`Build ${build.buildStatus}`, ok ? 'green' : 'red', stream) + `  ${build.id}`);
  for (const p of build.phases) {
    if (!p.phaseStatus) continue;
    const ms = p.endTime ? Date.parse(p.endTime) - Date.parse(p.startTime) : 0;
    const status = p.phaseStatus === 'SUCCEEDED' ? p.phaseStatus : paint(p.phaseStatus, 'red', stream);
    lines.push(`  ${p.phaseType.padEnd(17)} ${status.padEnd(9)} ${(ms / 1000).toFixed(2)}s`);
  }
  const f = build.codelocal.failure;
  if (f) lines.push('', ...renderFailure(f, '', stream));
  if (build.artifacts)
    lines.push('', `Artifact: ${build.artifacts.location}`, `  at ${build.artifacts.localPath ?? ''}`);
  if (build.artifacts?.unpackedTo) lines.push(`  unpacked to ${build.artifacts.unpackedTo}`);
  for (const a of build.secondaryArtifacts) lines.push(`Artifact ${a.artifactIdentifier}: ${a.location}`);
  if (build.exportedEnvironmentVariables.length) {
    lines.push(
      'Exported variables: ' + build.exportedEnvironmentVariables.map((v) => `${v.name}=${v.value}`).join(' '),
    );
  }
  lines.push(`Log: ${build.logs.path}`, '');
  return lines.join('\n');
}
