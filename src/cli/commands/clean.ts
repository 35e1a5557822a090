/** `codelocal clean [--dry-run] [--older-than DAYS] [--services]`: removes kept containers, old build folders and (--services) the local AWS. */
import type { Command } from 'commander';
import { clean } from '../../api/index.js';
import { InputError } from '../../errors.js';
import { printJson } from '../output.js';

export function register(program: Command): void {
  program
    .command('clean')
    .description(
      'Remove kept build containers (--keep) with their anonymous volumes, and old build folders of the state folder; --services: the local AWS (ECS services, local ECR, network)',
    )
    .option('--dry-run', 'list what would be removed, remove nothing')
    .option('--older-than <days>', 'only what is older than this many days')
    .option('--all', "also other projects' kept build containers on this host (not only this state folder's)")
    .option(
      '--services',
      'also the local AWS left between runs: ECS service containers, Lambda containers, the local ECR (codelocal-registry and its volume) and the codelocal-aws network',
    )
    .option('--state-dir <dir>', 'state folder (default .codelocal in the project root)')
    .option('--json', 'print the report as JSON')
    .addHelpText('after', '\nBuilds still running or paused, and named volumes (caches), are left alone.\n')
    .action(
      async (opts: {
        dryRun?: boolean;
        olderThan?: string;
        stateDir?: string;
        json?: boolean;
        all?: boolean;
        services?: boolean;
      }) => {
        const olderThanDays = opts.olderThan === undefined ? undefined : Number(opts.olderThan);
        if (olderThanDays !== undefined && !(olderThanDays >= 0)) {
          throw new InputError('FLAG_INVALID', `--older-than expects a number of days, got "${opts.olderThan}"`);
        }
        const report = await clean({
          dryRun: opts.dryRun,
          olderThanDays,
          stateDir: opts.stateDir,
          all: opts.all,
          services: opts.services,
        });
        if (opts.json) return printJson(report);
        const verb = report.dryRun ? 'would remove' : 'removed';
        for (const c of report.containers)
          process.stdout.write(`${verb} container ${c.name}${c.buildId ? ` (build ${c.buildId})` : ''}\n`);
        for (const d of report.buildDirs) process.stdout.write(`${verb} ${d}\n`);
        for (const s of report.services)
          process.stdout.write(s.error ? `kept ${s.kind} ${s.name}: ${s.error}\n` : `${verb} ${s.kind} ${s.name}\n`);
        process.stdout.write(
          `${verb} ${report.containers.length} container(s), ${report.buildDirs.length} build folder(s)\n`,
        );
      },
    );
}
