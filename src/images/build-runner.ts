/**
 * Builds a runner image from runner-images/<name>/ FROM the local base image (never pulling).
 * The image carries `codelocal.image-hash` = sha256(context files + base image id); when an image with
 * that hash exists the build is skipped, so re-running `codelocal images build` costs seconds.
 */
import { join } from 'node:path';
import { CodelocalError, EnvironmentError, InputError } from '../errors.js';
import type { ImageClient } from '../runtime/index.js';
import {
  LABEL_EXTRA_CA,
  LABEL_IMAGE_HASH,
  LABEL_IMAGE_NAME,
  pruneSuperseded,
  runnerImageNames,
  runnerImageRepo,
  runnerImagesDir,
} from './catalog.js';
import {
  contextHash,
  EXTRA_CA_DIR,
  extraCaCertificates,
  packContext,
  readContextFiles,
  type ContextFile,
} from './build-context.js';

const NODE_EXTRA_CA_SUFFIX =
  '\n# Added by codelocal images build: this machine has extra CA certificates (see codelocal-extra-ca/).\n' +
  'ENV NODE_EXTRA_CA_CERTS=/etc/ssl/certs/ca-certificates.crt\n';

export interface RunnerBuildResult {
  name: string;
  tag: string;
  id: string;
  hash: string;
  upToDate: boolean;
}

export interface RunnerBuildOptions {
  /** The base image the Dockerfile's `FROM ${BASE_IMAGE}` resolves to (id or tag). */
  baseImage: string;
  force?: boolean;
  dir?: string;
  env?: NodeJS.ProcessEnv;
  onProgress?: (line: string) => void;
  /** Called with each Dockerfile step as it starts ("Step 3/12 : RUN ..."). */
  onPhase?: (step: string) => void;
  /** Build every step afresh, ignoring the engine's layer cache (what a cold build on a fresh machine does). */
  noCache?: boolean;
}

/** Which Dockerfile step is running, from the engine's "Step 7/23 : RUN ..." lines. */
function stepTracker(onStep: (step: string) => void): { see(line: string): void; current(): string | undefined } {
  let step: string | undefined;
  return {
    see(line) {
      if (!/^Step \d+\/\d+ : /.test(line)) return;
      step = line.length > 300 ? line.slice(0, 300) + '...' : line;
      onStep(line.length > 120 ? line.slice(0, 120) + '...' : line);
    },
    current: () => step,
  };
}

interface RunnerContext {
  files: ContextFile[];
  wantsCerts: boolean;
  certCount: number;
  hash: string;
  baseId: string;
}

/** The build context of a runner image and its content hash (what `codelocal.image-hash` records). */
async function runnerContext(images: ImageClient, name: string, options: RunnerBuildOptions): Promise<RunnerContext> {
  const root = options.dir ?? runnerImagesDir();
  if (!runnerImageNames(root).includes(name)) {
    throw new InputError('IMAGE_UNKNOWN', `there is no runner image named '${name}'`, {
      details: [`runner images: ${runnerImageNames(root).join(', ') || '(none found in ' + root + ')'}`],
    });
  }
  const base = await images.inspect(options.baseImage);
  if (!base) {
    throw new EnvironmentError('IMAGE_MISSING', `the base image ${options.baseImage} is missing`, {
      details: ['run `codelocal images build` (it builds the base first)'],
    });
  }
  const files = await readContextFiles(join(root, name));
  const dockerfile = files.find((f) => f.path === 'Dockerfile');
  // Only images that COPY the folder get the machine's extra CAs (others stay machine-independent).
  const wantsCerts = dockerfile?.content.toString().includes(`${EXTRA_CA_DIR}/`) ?? false;
  const certs = wantsCerts ? extraCaCertificates(options.env ?? process.env) : [];
  if (dockerfile && certs.length) {
    // The official Node.js builds read only their bundled CA list unless told otherwise.
    dockerfile.content = Buffer.concat([dockerfile.content, Buffer.from(NODE_EXTRA_CA_SUFFIX)]);
  }
  const all = [...files, ...certs];
  return {
    files: all,
    wantsCerts,
    certCount: certs.length,
    hash: contextHash(all, { base: base.id }),
    baseId: base.id,
  };
}

/**
 * Whether the local image of runner `name` was built from the current inputs (Dockerfile folder,
 * base image, extra CAs): what `codelocal doctor` reports as "current".
 */
export async function runnerImageCurrent(
  images: ImageClient,
  name: string,
  options: RunnerBuildOptions,
): Promise<boolean> {
  const { hash } = await runnerContext(images, name, options);
  const image = await images.inspect(`${runnerImageRepo(name)}:latest`);
  return image?.labels[LABEL_IMAGE_HASH] === hash;
}

export async function buildRunnerImage(
  images: ImageClient,
  name: string,
  options: RunnerBuildOptions,
): Promise<RunnerBuildResult> {
  const { files: all, wantsCerts, certCount, hash, baseId } = await runnerContext(images, name, options);
  const onProgress = options.onProgress ?? (() => undefined);
  const tag = `${runnerImageRepo(name)}:latest`;
  const hashTag = `${runnerImageRepo(name)}:${hash.slice(0, 12)}`;

  if (!options.force) {
    const [existing] = await images.list({ label: [`${LABEL_IMAGE_HASH}=${hash}`] });
    if (existing) {
      if ((await images.inspect(tag))?.id !== existing.id) await images.tag(existing.id, tag);
      if (!existing.tags.includes(hashTag)) await images.tag(existing.id, hashTag);
      return { name, tag, id: existing.id, hash, upToDate: true };
    }
  }

  const steps = stepTracker(options.onPhase ?? (() => undefined));
  let id: string;
  try {
    id = await images.build({
      context: packContext(all, wantsCerts ? [EXTRA_CA_DIR] : []),
      tag: hashTag,
      buildArgs: { BASE_IMAGE: baseId },
      labels: {
        [LABEL_IMAGE_HASH]: hash,
        [LABEL_IMAGE_NAME]: name,
        ...(certCount ? { [LABEL_EXTRA_CA]: String(certCount) } : {}),
      },
      pull: false,
      noCache: options.noCache,
      // One engine message may carry several lines (and "Step n/m" need not come first).
      onProgress: (text) => {
        for (const line of text.split(/\r?\n/)) {
          if (!line.trim()) continue;
          steps.see(line);
          onProgress(line);
        }
      },
    });
  } catch (e) {
    // The engine reports a failing step inside the progress stream; name the step, keep the output tail.
    if (e instanceof CodelocalError && e.code === 'IMAGE_BUILD_FAILED') {
      const step = steps.current();
      const reason = e.message.replace(/^building \S+ failed: /, '');
      throw new EnvironmentError(
        'IMAGE_BUILD_FAILED',
        `building ${tag} failed${step ? ` at ${step}` : ''}: ${reason}`,
        {
          cause: e,
          details: [
            ...e.details,
            `build context: ${join(options.dir ?? runnerImagesDir(), name)}`,
            'fix the Dockerfile or the network access it needs and run `codelocal images build` again',
          ],
        },
      );
    }
    throw e;
  }
  await images.tag(hashTag, tag);
  const newId = id || ((await images.inspect(tag))?.id ?? '');
  for (const old of await pruneSuperseded(images, name, newId)) onProgress(`removed superseded ${old}`);
  return { name, tag, id: newId, hash, upToDate: false };
}
