/**
 * Names in the local S3: object ARNs and CodePipeline's artifact keys and default artifact bucket
 * (docs/aws/codepipeline.md §3.1). Apart from the store's file layout because they are naming rules, not storage.
 */
import { randomInt } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

export function s3Arn(bucket: string, key: string): string {
  return `arn:aws:s3:::${bucket}/${key}`;
}

const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

export function randomAlphanumeric(length: number): string {
  let s = '';
  for (let i = 0; i < length; i++) s += ALNUM[randomInt(ALNUM.length)];
  return s;
}

/**
 * docs/aws/codepipeline.md §3.1: `<pipeline name[:20]>/<artifact name[:10]>/<7 random alphanumerics>`.
 * Whether a `.zip` suffix follows depends on the producer (UNCERTAIN there), so callers add it.
 */
export function artifactKey(
  pipelineName: string,
  artifactName: string,
  random: () => string = () => randomAlphanumeric(7),
): string {
  // Array.from so a truncation never splits a surrogate pair (names are ASCII in practice).
  const p = Array.from(pipelineName).slice(0, 20).join('');
  const a = Array.from(artifactName).slice(0, 10).join('');
  return `${p}/${a}/${random()}`;
}

/**
 * The default artifact bucket, `codepipeline-<region>-<12 digits>` like the console creates.
 * The digits are drawn once and kept in the state folder so every run of this project agrees.
 */
export async function defaultArtifactBucket(stateRoot: string, region: string): Promise<string> {
  const file = join(stateRoot, 'artifact-bucket-id');
  mkdirSync(stateRoot, { recursive: true });
  let digits: string;
  try {
    digits = (await readFile(file, 'utf8')).trim();
  } catch {
    digits = '';
  }
  if (!/^\d{12}$/.test(digits)) {
    const fresh = Array.from({ length: 12 }, () => String(randomInt(10))).join('');
    try {
      // 'wx' so two first runs racing agree on whichever wrote first.
      await writeFile(file, fresh + '\n', { flag: 'wx' });
      digits = fresh;
    } catch {
      digits = (await readFile(file, 'utf8')).trim();
      if (!/^\d{12}$/.test(digits)) {
        digits = fresh;
        await writeFile(file, fresh + '\n');
      }
    }
  }
  return `codepipeline-${region}-${digits}`;
}
