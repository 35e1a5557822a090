/**
 * What the engine says about itself (info + version), read once per runtime: its size, versions, and which
 * product answers the Docker API. Podman names itself in the version's components ("Podman Engine"); both say
 * `name=rootless` in their security options when they run without root.
 */
import type Docker from 'dockerode';
import type { EngineInfo, EngineProduct } from '../types.js';
import type { DiscoveredEngine } from './discovery.js';
import { askEngine, type EngineAnswers } from './engine-answers.js';
import type { EngineIdentity } from './privileged.js';

export interface EngineFacts {
  info: EngineInfo;
  identity: EngineIdentity;
}

interface VersionComponents {
  Components?: { Name?: string }[];
}

export function productOf(version: VersionComponents): EngineProduct {
  return (version.Components ?? []).some((c) => /podman/i.test(c.Name ?? '')) ? 'podman' : 'docker';
}

export function isRootless(securityOptions: string[] | undefined): boolean {
  return (securityOptions ?? []).some((o) => o.split(',').includes('name=rootless'));
}

/** `answers`: the ones discovery asked for alongside its ping, when there are some (DiscoveredEngine.answers). */
export async function readEngineFacts(
  engine: DiscoveredEngine,
  answers: Promise<EngineAnswers> = askEngine(engine.docker),
): Promise<EngineFacts> {
  const { info: i, version: v } = await answers;
  const info: EngineInfo = {
    endpoint: engine.endpoint,
    discoveredBy: engine.discoveredBy,
    engineId: i.ID,
    serverVersion: i.ServerVersion,
    apiVersion: v.ApiVersion,
    os: i.OperatingSystem,
    arch: i.Architecture,
    cpus: i.NCPU,
    memoryBytes: i.MemTotal,
    dockerRootDir: i.DockerRootDir,
    product: productOf(v as Docker.DockerVersion & VersionComponents),
    remote: engine.remote,
    rootless: isRootless(i.SecurityOptions as string[] | undefined),
  };
  return { info, identity: { engineId: i.ID, serverVersion: i.ServerVersion, kernelVersion: i.KernelVersion } };
}
