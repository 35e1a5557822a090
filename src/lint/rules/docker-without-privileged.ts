/**
 * Docker inside CodeBuild needs the project's PrivilegedMode: without it the daemon cannot start and
 * every docker command fails with "Cannot connect to the Docker daemon" (seed document, common mistake 1).
 * Only a project found in the same lint run tells for sure; a standalone buildspec gets a reminder.
 */
import { findInvocation, isInert, logicalLines } from '../shell.js';
import type { BuildspecContext, CommandItem } from '../types.js';
import { buildspecRule } from './define.js';

const DOCKER = /docker(?:-compose)?/;

interface DockerUse {
  item: CommandItem;
  line: number;
  col: number;
  text: string;
}

function firstDockerUse(ctx: BuildspecContext): DockerUse | undefined {
  for (const item of ctx.commands) {
    for (const l of logicalLines(item.text)) {
      if (isInert(l.text)) continue;
      const col = findInvocation(l.text, DOCKER);
      // `docker` alone (no subcommand) prints help and needs no daemon.
      if (col >= 0 && /^docker(?:-compose)?\s+\S/.test(l.text.slice(col)))
        return { item, line: l.line, col, text: l.text.slice(col).split(/\s+/).slice(0, 2).join(' ') };
    }
  }
  return undefined;
}

export const dockerWithoutPrivileged = buildspecRule(
  {
    id: 'docker-without-privileged',
    severity: 'error',
    summary: 'Docker commands in a buildspec whose project does not set PrivilegedMode: true.',
    explanation:
      'CodeBuild starts the Docker daemon only for projects with privileged mode; otherwise `docker build`, ' +
      '`docker push` or `docker login` fail with "Cannot connect to the Docker daemon", which looks like a ' +
      'Docker installation problem but is not. Set `Environment.PrivilegedMode: true` on the project ' +
      '(`environment.privilegedMode` in project JSON). When no project using the buildspec is found in the ' +
      'linted files this is a warning: check the project that runs it.',
  },
  (ctx, report) => {
    const use = firstDockerUse(ctx);
    if (!use) return;
    const at = ctx.positionIn(use.item, use.line, use.col);
    if (ctx.links.length === 0) {
      report(
        `'${use.text}' needs the Docker daemon: the CodeBuild project running this buildspec must set PrivilegedMode: true`,
        at,
        'warning',
      );
      return;
    }
    for (const link of ctx.links) {
      if (link.project.environment.privilegedMode) continue;
      report(
        `'${use.text}' needs the Docker daemon, but project '${link.project.name}' (${link.where}) does not set PrivilegedMode: true`,
        at,
      );
    }
  },
);
