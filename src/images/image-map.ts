/**
 * Which local image runs a build that asks for an AWS image (`aws/codebuild/standard:7.0`, the
 * `public.ecr.aws/codebuild/...` copies, or any other name). Order, first match wins:
 *   1. `--image-map AWS=LOCAL` flags, 2. `images:` in codelocal.yml (explicit choices: a missing target is
 *   an error, never a silent fallback), 3. an image of exactly the requested name present locally (e.g. a
 *   real CodeBuild image built from aws-codebuild-docker-images: the most faithful choice), 4. the
 *   built-in map to codelocal's runner images. Every resolution says which rule matched.
 */
import { EnvironmentError, InputError } from '../errors.js';
import type { ImageClient } from '../runtime/index.js';
import { STANDARD_IMAGE } from './catalog.js';

export type ImageRule = 'flag' | 'config' | 'local' | 'builtin';

export interface ImageOverrides {
  /** From repeated `--image-map AWS=LOCAL` (see parseImageMapFlags). */
  flag?: Record<string, string>;
  /** The `images:` map of codelocal.yml. */
  config?: Record<string, string>;
}

export interface ImageCandidate {
  image: string;
  rule: ImageRule;
  /** Human words for the rule, e.g. `--image-map aws/codebuild/standard:7.0=my/img`. */
  source: string;
  /** Where the local image differs from the AWS one in ways a build may notice. */
  note?: string;
}

export interface ImageResolution extends ImageCandidate {
  requested: string;
  /** The engine's image id. */
  id: string;
}

interface BuiltinMapping {
  aws: string;
  image: string;
  note?: string;
  /** The distribution the AWS image is. */
  awsDistribution: string;
  /** The distribution of the local stand-in (all runner images are Debian today). */
  localDistribution: string;
}

const DEBIAN = 'Debian bookworm';

const STANDARD_NOTE =
  'codelocal/standard is Debian bookworm with nodejs 18/20/22, python 3.11, golang 1.21-1.23, java corretto17 (OpenJDK 17)';

/** AWS image names codelocal knows, each mapped to the runner image closest to it. */
export const BUILTIN_IMAGE_MAP: readonly BuiltinMapping[] = [
  {
    aws: 'aws/codebuild/standard:7.0',
    image: STANDARD_IMAGE,
    note: `${STANDARD_NOTE}; default golang is 1.21 (AWS: 1.20)`,
    awsDistribution: 'Ubuntu 22.04',
    localDistribution: DEBIAN,
  },
  {
    aws: 'aws/codebuild/standard:6.0',
    image: STANDARD_IMAGE,
    note: `approximation of Ubuntu 22.04 standard:6.0 (nodejs 16, golang 1.18, python 3.10): ${STANDARD_NOTE}`,
    awsDistribution: 'Ubuntu 22.04',
    localDistribution: DEBIAN,
  },
  {
    aws: 'aws/codebuild/standard:8.0',
    image: STANDARD_IMAGE,
    note: `approximation of Ubuntu 24.04 standard:8.0 (nodejs 22/24, golang 1.24+, python 3.10-3.14): ${STANDARD_NOTE}`,
    awsDistribution: 'Ubuntu 24.04',
    localDistribution: DEBIAN,
  },
  {
    aws: 'aws/codebuild/amazonlinux-x86_64-standard:5.0',
    image: STANDARD_IMAGE,
    note: `approximation of Amazon Linux 2023 (no yum/dnf; apt-get instead): ${STANDARD_NOTE}`,
    awsDistribution: 'Amazon Linux 2023',
    localDistribution: DEBIAN,
  },
  {
    aws: 'aws/codebuild/amazonlinux2-x86_64-standard:5.0',
    image: STANDARD_IMAGE,
    note: `approximation of Amazon Linux 2023 (no yum/dnf; apt-get instead): ${STANDARD_NOTE}`,
    awsDistribution: 'Amazon Linux 2023',
    localDistribution: DEBIAN,
  },
];

/**
 * A comparable form of an image reference: `:latest` when untagged, Docker Hub prefixes dropped, and
 * `public.ecr.aws/codebuild/X` treated as `aws/codebuild/X` (the same images under another name).
 */
export function normalizeImageName(ref: string): string {
  let name = ref.trim();
  name = name.replace(/^(docker\.io|index\.docker\.io)\/(library\/)?/, '');
  name = name.replace(/^public\.ecr\.aws\/codebuild\//, 'aws/codebuild/');
  if (name.includes('@')) return name;
  const slash = name.lastIndexOf('/');
  if (name.lastIndexOf(':') <= slash) name += ':latest';
  return name;
}

/** `--image-map AWS=LOCAL` values (repeatable) → a map; a value without `=` is a usage error. */
export function parseImageMapFlags(values: readonly string[] = []): Record<string, string> {
  const out: Record<string, string> = {};
  for (const value of values) {
    const eq = value.indexOf('=');
    const from = eq > 0 ? value.slice(0, eq).trim() : '';
    const to = eq > 0 ? value.slice(eq + 1).trim() : '';
    if (!from || !to) {
      throw new InputError('IMAGE_MAP_INVALID', `--image-map '${value}' is not AWS_IMAGE=LOCAL_IMAGE`, {
        details: ['example: --image-map aws/codebuild/standard:7.0=codelocal/standard:latest'],
      });
    }
    out[from] = to;
  }
  return out;
}

function lookup(map: Record<string, string> | undefined, requested: string): [string, string] | undefined {
  if (!map) return undefined;
  const want = normalizeImageName(requested);
  for (const [from, to] of Object.entries(map)) if (normalizeImageName(from) === want) return [from, to];
  return undefined;
}

export function builtinMapping(requested: string): BuiltinMapping | undefined {
  const want = normalizeImageName(requested);
  return BUILTIN_IMAGE_MAP.find((m) => m.aws === want);
}

/** The candidates for a requested name, in the order they are tried (pure: no engine needed). */
export function imageCandidates(requested: string, overrides: ImageOverrides = {}): ImageCandidate[] {
  const out: ImageCandidate[] = [];
  const flag = lookup(overrides.flag, requested);
  if (flag) out.push({ image: flag[1], rule: 'flag', source: `--image-map ${flag[0]}=${flag[1]}` });
  const config = lookup(overrides.config, requested);
  if (config)
    out.push({ image: config[1], rule: 'config', source: `codelocal.yml images: ${config[0]}: ${config[1]}` });
  out.push({ image: requested, rule: 'local', source: 'a local image with the requested name' });
  const builtin = builtinMapping(requested);
  if (builtin) {
    out.push({
      image: builtin.image,
      rule: 'builtin',
      source: `built-in map ${builtin.aws} -> ${builtin.image}`,
      note: builtin.note,
    });
  }
  return out;
}

/**
 * Resolves against the engine: the first candidate that exists locally. An explicit override (flag or
 * config) whose image is missing fails at once, as does a name nothing maps to.
 */
export async function resolveImage(
  requested: string,
  images: Pick<ImageClient, 'inspect'>,
  overrides: ImageOverrides = {},
): Promise<ImageResolution> {
  const candidates = imageCandidates(requested, overrides);
  for (const c of candidates) {
    const info = await images.inspect(c.image);
    if (info) return { ...c, requested, id: info.id };
    if (c.rule === 'flag' || c.rule === 'config') {
      throw new EnvironmentError(
        'IMAGE_MISSING',
        `image ${c.image} (mapped from ${requested} by ${c.source}) is not present locally`,
        {
          details: [`build or load ${c.image}, or change the mapping`, 'local images: codelocal images list'],
        },
      );
    }
  }
  const builtin = candidates.find((c) => c.rule === 'builtin');
  if (builtin) {
    throw new EnvironmentError('IMAGE_MISSING', `image ${builtin.image} (for ${requested}) has not been built yet`, {
      details: ['run `codelocal images build` once (offline: debootstrap + Dockerfile, a few minutes)'],
    });
  }
  throw new EnvironmentError(
    'IMAGE_MISSING',
    `image ${requested} is not present locally and nothing maps it to a local image`,
    {
      details: [
        `map it: --image-map ${requested}=<local image>, or an images: entry in codelocal.yml`,
        `built-in names: ${BUILTIN_IMAGE_MAP.map((m) => m.aws).join(', ')} (after \`codelocal images build\`)`,
      ],
    },
  );
}

/** AWS names that resolve to `localImage` through the overrides or the built-in map (for `images list`). */
export function awsNamesFor(localImage: string, overrides: ImageOverrides = {}): string[] {
  const target = normalizeImageName(localImage);
  const names = new Set<string>();
  for (const map of [overrides.flag, overrides.config]) {
    for (const [from, to] of Object.entries(map ?? {})) if (normalizeImageName(to) === target) names.add(from);
  }
  for (const m of BUILTIN_IMAGE_MAP) {
    // An override of the same AWS name wins over the built-in entry.
    if (m.image === target && !lookup(overrides.flag, m.aws) && !lookup(overrides.config, m.aws)) names.add(m.aws);
  }
  return [...names];
}

/**
 * The line a build log shows when the image that runs is not the one asked for: which local image
 * serves the AWS name, by which rule, and (built-in map) both distributions, so a `yum: not found`
 * is not a surprise. Undefined when the requested image itself runs.
 */
export function imageServedLine(
  r: Pick<ImageResolution, 'requested' | 'image' | 'rule' | 'source'>,
): string | undefined {
  if (r.rule === 'local') return undefined;
  const builtin = r.rule === 'builtin' ? builtinMapping(r.requested) : undefined;
  const distro = builtin
    ? `: a ${builtin.localDistribution} stand-in for ${builtin.awsDistribution}` +
      (builtin.awsDistribution !== builtin.localDistribution && !builtin.awsDistribution.startsWith('Ubuntu')
        ? ' (apt-get, no yum/dnf)'
        : '')
    : '';
  return `codelocal: image ${r.requested} is served by local image ${r.image} (${r.source})${distro}`;
}

/** The AWS image's and the stand-in's distributions, when the built-in map serves `requested`. */
export function standInDistribution(requested: string): { aws: string; local: string } | undefined {
  const m = builtinMapping(requested);
  return m ? { aws: m.awsDistribution, local: m.localDistribution } : undefined;
}
