/**
 * Images a Dockerfile in a build may name in FROM although no public registry is reachable: the
 * inner dockerd of privileged builds uses the local registry as its Docker Hub mirror, and codelocal
 * stores there, once, official-image stand-ins made from images already on this machine:
 *
 *   golang:1.22, golang:1.22-bookworm    codelocal/debian-bookworm-base + the runner image's Go 1.22
 *                                        (with the standard library precompiled, so app builds are quick)
 *   debian:bookworm, debian:bookworm-slim codelocal/debian-bookworm-base
 *
 * They live under `library/` like Docker Hub's official images, which is where a mirror looks.
 */
import { EnvironmentError } from '../../errors.js';
import { guestFile, type GuestFile } from '../../guest/index.js';
import { packEntries } from '../../archive/index.js';
import type { ContainerRuntime } from '../../runtime/index.js';
import { BASE_REPO, STANDARD_IMAGE } from '../../images/index.js';
import type { LocalRegistry } from './registry.js';

export const GOLANG_IMAGE = 'codelocal/golang:1.22';

/** The golang stand-in's Dockerfile (src/guest/files/registry/golang.Dockerfile) takes its two images as build arguments. */
const GOLANG_BUILD: MirrorBuild = {
  dockerfile: 'registry/golang.Dockerfile',
  buildArgs: { STANDARD_IMAGE, BASE_IMAGE: `${BASE_REPO}:latest` },
};

interface MirrorBuild {
  dockerfile: GuestFile;
  buildArgs: Record<string, string>;
}

interface MirrorImage {
  /** Repository and tags under the mirror's `library/`. */
  repo: string;
  tags: string[];
  /** The host image it is pushed from. */
  source: string;
  build?: MirrorBuild;
}

const IMAGES: MirrorImage[] = [
  { repo: 'golang', tags: ['1.22', '1.22-bookworm'], source: GOLANG_IMAGE, build: GOLANG_BUILD },
  { repo: 'debian', tags: ['bookworm', 'bookworm-slim'], source: `${BASE_REPO}:latest` },
];

/** Pushes the stand-ins the registry lacks (a few seconds on first use; the registry volume keeps them). */
export async function ensureMirrorImages(
  runtime: ContainerRuntime,
  registry: LocalRegistry,
  log: (line: string) => void,
): Promise<void> {
  for (const img of IMAGES) {
    const missing = [];
    for (const tag of img.tags) if (!(await registry.hasManifest(`library/${img.repo}`, tag))) missing.push(tag);
    if (missing.length === 0) continue;
    if (!(await runtime.images.inspect(img.source))) {
      if (!img.build) {
        throw new EnvironmentError('IMAGE_MISSING', `${img.source} is missing`, {
          details: ['build it with: codelocal images build'],
        });
      }
      log(`building ${img.source} (stand-in for Docker Hub's ${img.repo}:${img.tags[0]}, once)`);
      await runtime.images.build({
        context: packEntries([{ name: 'Dockerfile', content: guestFile(img.build.dockerfile) }]),
        tag: img.source,
        buildArgs: img.build.buildArgs,
        pull: false,
      });
    }
    for (const tag of missing) {
      const ref = `${registry.loopback}/library/${img.repo}:${tag}`;
      log(`storing ${img.repo}:${tag} in the local registry (once)`);
      await runtime.images.tag(img.source, ref);
      try {
        // The local registry wants no credentials: the push is anonymous to its loopback port, which the
        // engine trusts without TLS.
        await runtime.images.push(ref);
      } finally {
        await runtime.images.remove(ref).catch(() => undefined);
      }
    }
  }
}
