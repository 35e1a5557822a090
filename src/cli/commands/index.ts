/** Every CLI command, in the order `codelocal --help` lists them. */
import type { Command } from 'commander';
import { register as build } from './build.js';
import { register as attach } from './attach.js';
import { register as resume } from './resume.js';
import { register as clean } from './clean.js';
import { register as batch } from './build-batch.js';
import { register as doctor } from './doctor.js';
import { register as images } from './images.js';
import { register as lint } from './lint.js';
import { register as check } from './check.js';
import { register as pipeline } from './pipeline.js';
import { register as executions } from './executions.js';
import { register as ui } from './ui.js';
import { register as events } from './events.js';

export type RegisterCommand = (program: Command) => void;

export const commands: RegisterCommand[] = [
  build,
  attach,
  resume,
  clean,
  batch,
  images,
  pipeline,
  executions,
  ui,
  events,
  lint,
  check,
  doctor,
];
