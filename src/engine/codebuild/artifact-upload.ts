/**
 * UPLOAD_ARTIFACTS for one artifact (primary or one secondary identifier): select files the way
 * CodeBuild does (artifact-select.ts), zip them into the local S3 object as the tar streams out of
 * the container, and report the Build's `artifacts` fields. Nothing is buffered whole: each file
 * passes tar → zip → disk once.
 *
 * Symlinks (docs/aws/codebuild.md §1.10 `enable-symlinks`): with `yes` they are stored as links, whatever
 * they point at. Without it the content of the file they point to is stored under the link's name;
 * links to folders and dangling links are left out (UNCERTAIN: the doc only describes `yes`).
 * Hard links are stored as ordinary files.
 */
import { posix } from 'node:path';
import { EnvironmentError } from '../../errors.js';
import type { ArtifactSpec } from '../../model/index.js';
import type { Container } from '../../runtime/index.js';
import type { LocalS3Store } from '../../stores/index.js';
import { extractZip, ZipWriter } from '../../archive/index.js';
import { ArtifactSelector, NO_PRIMARY_DEFINITION, type PathType } from './artifact-select.js';
import type { PhaseContext } from './build-types.js';
import {
  hostPathOf,
  sourcePathExists,
  visitContainerPathItself,
  walkContainerPath,
  walkHostPath,
  type TreeEntry,
} from './container-tree.js';

/** Symlink hops followed before giving up (Linux's own limit is 40; real chains are short). */
const MAX_LINK_HOPS = 8;

export interface ArtifactUploadTarget {
  s3: LocalS3Store;
  bucket: string;
  key: string;
}

export interface UploadArtifactsOptions {
  container: Container;
  /** CODEBUILD_SRC_DIR inside the container. */
  srcDir: string;
  /** When the source is bind-mounted: its host folder, read directly instead of through the engine. */
  hostSrcDir?: string;
  /** Host paths under hostSrcDir the build cannot see (bind-hidden.ts): never zipped. */
  hostHidden?: readonly string[];
  spec: ArtifactSpec;
  /** `name` after shell evaluation (the engine runs it); echoed in the result, the key is the engine's. */
  evaluatedName?: string;
  target: ArtifactUploadTarget;
  /** Stored as the object's `codebuild-buildarn` metadata, as CodeBuild does. */
  buildArn?: string;
  /** Also unpack the artifact here (the local agent's `-a` folder, unzipped). */
  unpackTo?: string;
  log: (message: string) => void;
}

export interface ArtifactUploaded {
  ok: true;
  location: string;
  sha256sum: string;
  md5sum: string;
  /** Files in the artifact. */
  files: number;
  artifactIdentifier?: string;
  name?: string;
  /** The object's bytes on disk. */
  localPath: string;
  unpackedTo?: string;
}

export interface ArtifactUploadFailed {
  ok: false;
  /** UPLOAD_ARTIFACTS's phase context, e.g. CLIENT_ERROR / no matching artifact paths found. */
  context: PhaseContext;
}

export type ArtifactUploadResult = ArtifactUploaded | ArtifactUploadFailed;

interface Deferred {
  name: string;
  /** Absolute container path to read the content from. */
  from: string;
  mtime?: Date;
}

function selectionType(entry: TreeEntry): PathType | undefined {
  if (entry.type === 'hardlink') return 'file';
  if (entry.type === 'other') return undefined;
  return entry.type;
}

export async function uploadArtifacts(options: UploadArtifactsOptions): Promise<ArtifactUploadResult> {
  const files = options.spec.files.map((f) => f.value);
  if (files.length === 0) {
    return { ok: false, context: { statusCode: 'CLIENT_ERROR', message: NO_PRIMARY_DEFINITION } };
  }
  const selector = await newSelector(options, files);
  const upload = openUpload(options);
  await collectFiles(options, selector, upload);
  const selection = selector.result();
  for (const line of selection.log) options.log(line);
  if (selection.failure) {
    upload.writer.abort(new Error(selection.failure.message));
    await upload.put.catch(() => undefined);
    return { ok: false, context: selection.failure };
  }
  return finishUpload(options, upload);
}

/** The zip being written and the S3 put it streams into. */
interface OpenUpload {
  writer: ZipWriter;
  put: Promise<unknown>;
}

/** CodeBuild's file selection for this artifact, told whether its base-directory is a folder. */
async function newSelector(options: UploadArtifactsOptions, files: string[]): Promise<ArtifactSelector> {
  const { spec, container, srcDir, hostSrcDir } = options;
  const selector = new ArtifactSelector({
    files,
    baseDirectory: spec.baseDirectory,
    discardPaths: spec.discardPaths,
    excludePaths: spec.excludePaths,
  });
  const probe = selector.baseToProbe();
  if (probe !== undefined && (await sourcePathExists(container, srcDir, hostSrcDir, inSource(srcDir, probe))))
    selector.noteDirectory(probe);
  return selector;
}

function inSource(srcDir: string, rel: string): string {
  return rel === '' ? srcDir : posix.join(srcDir, rel);
}

function openUpload(options: UploadArtifactsOptions): OpenUpload {
  const { target } = options;
  const writer = new ZipWriter();
  const metadata: Record<string, string> = options.buildArn ? { 'codebuild-buildarn': options.buildArn } : {};
  const put = target.s3.putObject(target.bucket, target.key, writer.output, {
    metadata,
    contentType: 'application/zip',
  });
  // Observed later; this only keeps an early rejection from being reported as unhandled.
  put.catch(() => undefined);
  return { writer, put };
}

/** Walks the selector's roots (host folder for bind mounts, else the container) into the zip. */
async function collectFiles(options: UploadArtifactsOptions, selector: ArtifactSelector, upload: OpenUpload) {
  const { container, srcDir, hostSrcDir } = options;
  const deferred: Deferred[] = [];
  const visit = entryVisitor(options, selector, upload.writer, deferred);
  try {
    for (const root of selector.fetchRoots()) {
      const abs = inSource(srcDir, root);
      if (hostSrcDir) await walkHostPath(hostPathOf(hostSrcDir, srcDir, abs), abs, visit, options.hostHidden);
      else await walkContainerPath(container, abs, visit);
    }
    // Link targets are read through the container even for bind mounts: absolute targets name
    // container paths, which only the container resolves.
    for (const d of deferred) await addLinkedContent(container, upload.writer, d);
  } catch (e) {
    upload.writer.abort(e as Error);
    await upload.put.catch(() => undefined);
    throw new EnvironmentError(
      'ARTIFACT_READ_FAILED',
      `cannot read artifact files from the build container: ${(e as Error).message}`,
      { cause: e },
    );
  }
}

/** Offers each walked entry to the selector; chosen files stream into the zip, links wait in `deferred`. */
function entryVisitor(
  options: UploadArtifactsOptions,
  selector: ArtifactSelector,
  writer: ZipWriter,
  deferred: Deferred[],
): (entry: TreeEntry) => Promise<void> {
  return async (entry) => {
    const rel = posix.relative(options.srcDir, entry.path);
    const type = selectionType(entry);
    if (!type || rel.startsWith('..')) return;
    const chosen = selector.offer({ path: rel, type });
    if (!chosen) return;
    const name = chosen.pathInArtifact;
    if (entry.type === 'file' && entry.open) {
      await writer.addStream(name, entry.open(), { mode: entry.mode, mtime: entry.mtime, size: entry.size });
    } else if (entry.type === 'hardlink') {
      // The tar carries a hard link's bytes only once, under another name: read this path again later.
      deferred.push({ name, from: entry.path, mtime: entry.mtime });
    } else if (entry.type === 'symlink') {
      if (options.spec.enableSymlinks) writer.addSymlink(name, entry.linkname ?? '', entry.mtime);
      else
        deferred.push({
          name,
          from: posix.resolve(posix.dirname(entry.path), entry.linkname ?? ''),
          mtime: entry.mtime,
        });
    }
  };
}

/** Closes the zip, waits for the object, unpacks it when asked, and reports the Build's fields. */
async function finishUpload(options: UploadArtifactsOptions, { writer, put }: OpenUpload): Promise<ArtifactUploaded> {
  const { target, spec } = options;
  writer.end();
  await put;
  const digests = writer.digests();
  const localPath = target.s3.objectPath(target.bucket, target.key);
  let unpackedTo: string | undefined;
  if (options.unpackTo) {
    await extractZip(localPath, options.unpackTo, { symlinks: true });
    unpackedTo = options.unpackTo;
  }
  return {
    ok: true,
    location: target.s3.arn(target.bucket, target.key),
    sha256sum: digests.sha256sum,
    md5sum: digests.md5sum,
    files: writer.entries,
    ...(spec.identifier ? { artifactIdentifier: spec.identifier } : {}),
    ...(options.evaluatedName ? { name: options.evaluatedName } : {}),
    localPath,
    ...(unpackedTo ? { unpackedTo } : {}),
  };
}

/** Stores the content a link leads to, following link chains; folders and dangling links are left out. */
async function addLinkedContent(container: Container, writer: ZipWriter, d: Deferred): Promise<void> {
  let from = d.from;
  for (let hop = 0; hop < MAX_LINK_HOPS; hop++) {
    let next: string | undefined;
    await visitContainerPathItself(container, from, async (entry) => {
      if (entry.type === 'file' && entry.open) {
        await writer.addStream(d.name, entry.open(), {
          mode: entry.mode,
          mtime: d.mtime ?? entry.mtime,
          size: entry.size,
        });
      } else if (entry.type === 'symlink') {
        next = posix.resolve(posix.dirname(from), entry.linkname ?? '');
      }
    });
    if (!next) return;
    from = next;
  }
}
