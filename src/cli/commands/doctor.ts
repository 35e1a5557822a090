/** `codelocal doctor [--json]`: checks the machine is ready to run builds; exit 3 when something a build needs is missing. */
import type { Command } from 'commander';
import type { CheckStatus, doctor, DoctorReport } from '../../api/index.js';
import { EnvironmentError } from '../../errors.js';
import { paint, printJson, type Color } from '../output.js';
import { addOptions, fillOptions, type CliOptionTable } from '../option-table.js';
import { jsonOption } from './common-options.js';

type DoctorCliOptions = NonNullable<Parameters<typeof doctor>[0]> & { json?: boolean };

export const DOCTOR_OPTIONS: CliOptionTable<DoctorCliOptions> = [
  jsonOption('print the report as JSON'),
  {
    flags: '--no-dind',
    description: 'skip the Docker-in-Docker check (it starts a container and a daemon)',
    fill: (out, dind: boolean) => {
      out.skipDockerInDocker = !dind;
    },
  },
];

const STATUS_COLOR: Record<CheckStatus, Color> = { ok: 'green', warn: 'yellow', fail: 'red', skip: 'gray' };

function printReport(report: DoctorReport): void {
  const width = Math.max(...report.checks.map((c) => c.id.length));
  for (const c of report.checks) {
    const status = paint(c.status.padEnd(4), STATUS_COLOR[c.status]);
    process.stdout.write(`${status}  ${c.id.padEnd(width)}  ${c.summary}\n`);
    const indent = ' '.repeat(width + 8);
    for (const d of c.details ?? []) process.stdout.write(`${indent}${d}\n`);
    if (c.fix && c.status !== 'ok') process.stdout.write(`${indent}${paint('fix:', 'bold')} ${c.fix}\n`);
  }
}

export function register(program: Command): void {
  const cmd = program
    .command('doctor')
    .description(
      'Check that this machine can run builds: Docker engine, privileged mode, Docker-in-Docker, runner images, disk',
    );
  addOptions(cmd, DOCTOR_OPTIONS).action(async (raw: Record<string, unknown>) => {
    const { json, ...options } = fillOptions<DoctorCliOptions>(DOCTOR_OPTIONS, raw, {});
    const { doctor } = await import('../../api/doctor.js');
    const report = await doctor(options);
    if (json) printJson(report);
    else printReport(report);
    const failed = report.checks.filter((c) => c.status === 'fail');
    if (failed.length) {
      throw new EnvironmentError(
        'DOCTOR_FAILED',
        `${failed.length} check(s) failed: ${failed.map((c) => c.id).join(', ')}`,
        {
          details: failed.map((c) => `${c.id}: ${c.fix ?? c.summary}`),
        },
      );
    }
  });
}
