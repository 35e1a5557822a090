/**
 * Docker inside CodeBuild needs the project's PrivilegedMode: without it the daemon cannot start and
 * every docker command fails with "Cannot connect to the Docker daemon" (seed document, common mistake 1).
 * Only a project found in the same lint run tells for sure; a standalone buildspec gets a reminder.
 */
import { planBatch } from '../../plan/index.js';
import { isInert, logicalLines, segments } from '../shell.js';
import type { BuildspecContext, CommandItem } from '../types.js';
import { buildspecRule } from './define.js';
import { isRetiredDockerImage } from './retired-image.js';

const DOCKER = /^docker(?:-compose)?(?=\s|$)/;

/**
 * Docker CLI uses that never talk to the daemon (they print, read local files or talk to a registry):
 * `--version`/`-v`, help, `logout`, `context`, `manifest` (registry API), `buildx version`,
 * `compose version|config`. Everything else (`build`, `run`, `push`, `pull`, `login`, `images`,
 * `compose up`, `buildx build`, even `version`, which asks the server's version too) needs it.
 */
const NO_DAEMON_DOCKER = new Set(['--version', '-v', 'help', '--help', 'logout', 'context', 'manifest']);
const NO_DAEMON_COMPOSE = new Set(['version', 'config', '--version', '-v', 'help', '--help']);
/** Compose options that take a value, so the value is not mistaken for the subcommand. */
const COMPOSE_VALUE_FLAGS = new Set([
  '-f',
  '--file',
  '-p',
  '--project-name',
  '--env-file',
  '--profile',
  '--project-directory',
]);

/** The first word after `from` that is not an option (or an option's value). */
function subcommand(words: string[], from: number): string | undefined {
  for (let i = from; i < words.length; i++) {
    const w = words[i]!;
    if (COMPOSE_VALUE_FLAGS.has(w)) i++;
    else if (!w.startsWith('-') || w === '--version' || w === '-v' || w === '--help') return w;
  }
  return undefined;
}

function needsNoDaemon(text: string): boolean {
  const words = text.split(/\s+/);
  if (words.includes('--help')) return true;
  if (words[0] === 'docker-compose') return NO_DAEMON_COMPOSE.has(subcommand(words, 1) ?? '');
  const sub = words[1] ?? '';
  if (NO_DAEMON_DOCKER.has(sub)) return true;
  if (sub === 'buildx') return words[2] === 'version';
  return sub === 'compose' && NO_DAEMON_COMPOSE.has(subcommand(words, 2) ?? '');
}

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
      for (const seg of segments(l.text)) {
        const text = seg.text.trim();
        // `docker` alone (no subcommand) prints help and needs no daemon.
        if (!DOCKER.test(text) || !/^\S+\s+\S/.test(text) || needsNoDaemon(text)) continue;
        return { item, line: l.line, col: seg.col, text: text.split(/\s+/).slice(0, 2).join(' ') };
      }
    }
  }
  return undefined;
}

/**
 * True when the file's own batch section runs every member that uses this buildspec's phases with
 * `privileged-mode: true` (a task's `env`, or a matrix's `static.env`): the batch env overrides the
 * project's (docs/aws/codebuild.md §7.1), so the project's PrivilegedMode does not matter for them.
 * Members naming another buildspec do not run these commands.
 */
function privilegedByBatch(ctx: BuildspecContext): boolean {
  if (!ctx.batch) return false;
  const members = planBatch(ctx.batch).builds.filter((b) => b.buildspec === undefined);
  return members.length > 0 && members.every((b) => b.privilegedMode === true);
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
      'linted files this is a warning: check the project that runs it. Commands that never reach the daemon ' +
      'are not reported: `docker --version`, `docker help` and `--help`, `docker logout`, `docker context`, ' +
      '`docker manifest`, `docker buildx version`, `docker compose version|config` (`docker version` does ' +
      "ask the daemon for the server's version). Nor is a buildspec whose own `batch` section sets " +
      "`privileged-mode: true` for every member that runs it (in each build-graph or build-list task's `env`, or " +
      "in build-matrix `static.env`): the batch's setting overrides the project's. A project on a retired " +
      '`aws/codebuild/docker:*` image gets the `retired-image` warning instead.',
  },
  (ctx, report) => {
    const use = firstDockerUse(ctx);
    if (!use || privilegedByBatch(ctx)) return;
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
      // A retired docker image's project gets the retired-image warning instead.
      if (link.project.environment.privilegedMode || isRetiredDockerImage(link.project)) continue;
      report(
        `'${use.text}' needs the Docker daemon, but project '${link.project.name}' (${link.where}) does not set PrivilegedMode: true`,
        at,
      );
    }
  },
);
