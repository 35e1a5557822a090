/**
 * `codelocal images build|list|resolve`: the runner images, built offline (debootstrap + Dockerfile,
 * nothing pulled), and how AWS image names map onto them.
 */
import type { Command } from 'commander';
import { createDockerRuntime } from '../../runtime/index.js';
import type { ImageClient } from '../../runtime/index.js';
import { buildImages, listImages, type ImageBuildReport } from '../../images/index.js';
import { BASE_NAME, runnerImageNames } from '../../images/index.js';
import { imageCandidates, parseImageMapFlags, resolveImage } from '../../images/index.js';
import { paint, printJson } from '../output.js';

import { collect } from '../option-values.js';

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

export function register(program: Command): void {
  const images = program
    .command('images')
    .description('Build and list the local runner images that stand in for CodeBuild images');
  registerBuild(images);
  registerList(images);
  registerResolve(images);
}

function registerBuild(images: Command): void {
  images
    .command('build')
    .description(
      'Build the base image (debootstrap, once) and the runner images from runner-images/; ' +
        'images whose inputs did not change are skipped',
    )
    .argument('[name]', `one image: ${[BASE_NAME, ...runnerImageNames()].join(', ')} (default: all runner images)`)
    .option('--force', 'rebuild even when up to date (fresh debootstrap, fresh packages)')
    .option('--from-registry <image>', 'start from this pulled image (e.g. debian:bookworm) instead of debootstrap')
    .option('--json', 'print the result as JSON on stdout (progress still goes to stderr)')
    .option('-q, --quiet', 'no build output, only the summary')
    .addHelpText(
      'after',
      '\nNeeds a Docker engine and, for the base image, root (debootstrap). Nothing is pulled from a registry;\n' +
        'packages come from the Debian mirror (CODELOCAL_DEBIAN_MIRROR) and Node.js from the npm registry.\n' +
        'Extra CA certificates (CODELOCAL_EXTRA_CA_CERTS or NODE_EXTRA_CA_CERTS) are trusted inside the image.',
    )
    .action(
      async (
        name: string | undefined,
        opts: { force?: boolean; fromRegistry?: string; json?: boolean; quiet?: boolean },
      ) => {
        const client = await imageClient();
        const reports = await buildImages(client, {
          name,
          force: opts.force,
          fromRegistry: opts.fromRegistry,
          onProgress: (image, line) => {
            if (!opts.quiet) process.stderr.write(`${paint(`[${image}]`, 'gray', process.stderr)} ${line}\n`);
          },
          onImage: (event) => {
            if (event.phase === 'done' && !opts.json) process.stderr.write(`${reportLine(event)}\n`);
          },
        });
        if (opts.json) printJson({ images: reports });
      },
    );
}

function registerList(images: Command): void {
  images
    .command('list')
    .description('List codelocal images with their input hash, size, age and the AWS image names that map to each')
    .option('--image-map <AWS=LOCAL>', 'also show this mapping (repeatable, as for `codelocal build`)', collect, [])
    .option('--json', 'print JSON')
    .action(async (opts: { imageMap: string[]; json?: boolean }) => {
      const flag = parseImageMapFlags(opts.imageMap);
      const entries = await listImages(await imageClient(), { flag });
      if (opts.json) {
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
  images
    .command('resolve')
    .description('Show which local image a build asking for IMAGE would use, and which rule chose it')
    .argument('<image>', 'an AWS image name (aws/codebuild/standard:7.0) or any image reference')
    .option('--image-map <AWS=LOCAL>', 'map an image name to a local image (repeatable)', collect, [])
    .option('--json', 'print JSON')
    .action(async (image: string, opts: { imageMap: string[]; json?: boolean }) => {
      const overrides = { flag: parseImageMapFlags(opts.imageMap) };
      const resolution = await resolveImage(image, await imageClient(), overrides);
      if (opts.json) {
        printJson({ resolution, candidates: imageCandidates(image, overrides) });
        return;
      }
      process.stdout.write(`${image} -> ${resolution.image} (${resolution.rule}: ${resolution.source})\n`);
      if (resolution.note) process.stdout.write(`  note: ${resolution.note}\n`);
    });
}
