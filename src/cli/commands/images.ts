/**
 * `codelocal images build|list|resolve`: the runner images, built offline (debootstrap + Dockerfile,
 * nothing pulled), and how AWS image names map onto them.
 */
import type { Command } from 'commander';
import { createDockerRuntime, type ImageClient } from '../../runtime/index.js';
import {
  BASE_NAME,
  buildImages,
  type ImageBuildReport,
  imageCandidates,
  listImages,
  parseImageMapFlags,
  resolveImage,
  runnerImageNames,
} from '../../images/index.js';
import { paint, printJson } from '../output.js';
import { addOptions, fillOptions, setField, type CliOption, type CliOptionTable } from '../option-table.js';
import { jsonOption } from './common-options.js';

interface BuildCliOptions {
  force?: boolean;
  fromRegistry?: string;
  json?: boolean;
  quiet?: boolean;
}

export const IMAGES_BUILD_OPTIONS: CliOptionTable<BuildCliOptions> = [
  {
    flags: '--force',
    description: 'rebuild even when up to date (fresh debootstrap, fresh packages)',
    fill: setField('force'),
  },
  {
    flags: '--from-registry <image>',
    description: 'start from this pulled image (e.g. debian:bookworm) instead of debootstrap',
    fill: setField('fromRegistry'),
  },
  jsonOption('print the result as JSON on stdout (progress still goes to stderr)'),
  { flags: '-q, --quiet', description: 'no build output, only the summary', fill: setField('quiet') },
];

interface MapCliOptions {
  /** `--image-map` flags, parsed (images/image-map.ts). */
  flag: Record<string, string>;
  json?: boolean;
}

function imageMapOption(description: string): CliOption<MapCliOptions> {
  return {
    flags: '--image-map <AWS=LOCAL>',
    description,
    repeatable: true,
    fill: (out, raw: string[]) => (out.flag = parseImageMapFlags(raw)),
  };
}

export const IMAGES_LIST_OPTIONS: CliOptionTable<MapCliOptions> = [
  imageMapOption('also show this mapping (repeatable, as for `codelocal build`)'),
  jsonOption('print JSON'),
];

export const IMAGES_RESOLVE_OPTIONS: CliOptionTable<MapCliOptions> = [
  imageMapOption('map an image name to a local image (repeatable)'),
  jsonOption('print JSON'),
];

async function imageClient(): Promise<ImageClient> {
  return (await createDockerRuntime()).images;
}

function formatSize(bytes: number): string {
  if (bytes >= 1e9) return `${(bytes / 1e9).toFixed(2)} GB`;
  if (bytes >= 1e6) return `${(bytes / 1e6).toFixed(0)} MB`;
  return `${Math.round(bytes / 1e3)} kB`;
}

function reportLine(r: ImageBuildReport): string {
  const state = r.status === 'built' ? paint('built', 'green', process.stderr) : 'up to date';
  return `${r.name}: ${state} ${r.tag} (${r.seconds.toFixed(1)} s)`;
}

/**
 * Progress of `images build` on stderr, each line stamped with the time since the command started: on a
 * terminal every line (debootstrap's and apt's downloads, the engine's steps); under --json or when stderr is
 * not a terminal (CI logs) one line per phase; nothing under --quiet.
 */
function buildLog(opts: BuildCliOptions): {
  stamp(): string;
  line(image: string, text: string): void;
  phase(image: string, text: string): void;
} {
  const start = performance.now();
  const everything = !!process.stderr.isTTY && !opts.json && !opts.quiet;
  const stamp = () => paint(`[+${((performance.now() - start) / 1000).toFixed(1)}s]`, 'gray', process.stderr) + ' ';
  const write = (image: string, text: string) =>
    process.stderr.write(`${stamp()}${paint(`[${image}]`, 'gray', process.stderr)} ${text}\n`);
  return {
    stamp,
    // The engine's "Step n/m" lines arrive as phases too: printed once.
    line: (image, text) => everything && !/^Step \d+\/\d+ : /.test(text) && write(image, text),
    phase: (image, text) => !opts.quiet && write(image, everything ? paint(text, 'bold', process.stderr) : text),
  };
}

export function register(program: Command): void {
  const images = program
    .command('images')
    .description('Build and list the local runner images that stand in for CodeBuild images');
  registerBuild(images);
  registerList(images);
  registerResolve(images);
}

function registerBuild(images: Command): void {
  const cmd = images
    .command('build')
    .description(
      'Build the base image (debootstrap, once) and the runner images from runner-images/; ' +
        'images whose inputs did not change are skipped',
    )
    .argument('[name]', `one image: ${[BASE_NAME, ...runnerImageNames()].join(', ')} (default: all runner images)`);
  addOptions(cmd, IMAGES_BUILD_OPTIONS)
    .addHelpText(
      'after',
      '\nNeeds a Docker engine and, for the base image, root (debootstrap). Nothing is pulled from a registry;\n' +
        'packages come from the Debian mirror (CODELOCAL_DEBIAN_MIRROR) and Node.js from the npm registry.\n' +
        'Extra CA certificates (CODELOCAL_EXTRA_CA_CERTS or NODE_EXTRA_CA_CERTS) are trusted inside the image.\n' +
        "debootstrap's downloads are kept in ~/.cache/codelocal/images (CODELOCAL_IMAGE_CACHE_DIR) for 14 days.",
    )
    .action(async (name: string | undefined, raw: Record<string, unknown>) => {
      const opts = fillOptions<BuildCliOptions>(IMAGES_BUILD_OPTIONS, raw, {});
      const client = await imageClient();
      const log = buildLog(opts);
      const reports = await buildImages(client, {
        name,
        force: opts.force,
        fromRegistry: opts.fromRegistry,
        onProgress: log.line,
        onPhase: log.phase,
        onImage: (event) => {
          if (event.phase === 'start') log.phase(event.name, 'started');
          else if (!opts.json) process.stderr.write(`${log.stamp()}${reportLine(event)}\n`);
        },
      });
      if (opts.json) printJson({ images: reports });
    });
}

function registerList(images: Command): void {
  const cmd = images
    .command('list')
    .description('List codelocal images with their input hash, size, age and the AWS image names that map to each');
  addOptions(cmd, IMAGES_LIST_OPTIONS).action(async (raw: Record<string, unknown>) => {
    const { flag, json } = fillOptions<MapCliOptions>(IMAGES_LIST_OPTIONS, raw, { flag: {} });
    const entries = await listImages(await imageClient(), { flag });
    if (json) {
      printJson({ images: entries });
      return;
    }
    if (!entries.length) {
      process.stdout.write('no codelocal images yet: run `codelocal images build`\n');
      return;
    }
    for (const e of entries) {
      process.stdout.write(`${paint(e.tags[0] ?? e.id.slice(7, 19), 'bold')}\n`);
      if (e.tags.length > 1) process.stdout.write(`  tags:    ${e.tags.slice(1).join(', ')}\n`);
      process.stdout.write(`  id:      ${e.id.slice(0, 19)}\n`);
      if (e.hash) process.stdout.write(`  hash:    ${e.hash.slice(0, 12)}\n`);
      process.stdout.write(`  size:    ${formatSize(e.sizeBytes)}\n`);
      process.stdout.write(`  created: ${e.created}\n`);
      if (e.awsNames.length) process.stdout.write(`  maps:    ${e.awsNames.join(', ')}\n`);
    }
  });
}

function registerResolve(images: Command): void {
  const cmd = images
    .command('resolve')
    .description('Show which local image a build asking for IMAGE would use, and which rule chose it')
    .argument('<image>', 'an AWS image name (aws/codebuild/standard:7.0) or any image reference');
  addOptions(cmd, IMAGES_RESOLVE_OPTIONS).action(async (image: string, raw: Record<string, unknown>) => {
    const { json, ...overrides } = fillOptions<MapCliOptions>(IMAGES_RESOLVE_OPTIONS, raw, { flag: {} });
    const resolution = await resolveImage(image, await imageClient(), overrides);
    if (json) {
      printJson({ resolution, candidates: imageCandidates(image, overrides) });
      return;
    }
    process.stdout.write(`${image} -> ${resolution.image} (${resolution.rule}: ${resolution.source})\n`);
    if (resolution.note) process.stdout.write(`  note: ${resolution.note}\n`);
  });
}
