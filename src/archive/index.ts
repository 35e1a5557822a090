/**
 * The face of archive/: the only code that imports tar-stream, yazl and yauzl, and the one place
 * the safe-path rule lives (safe-path.ts for names and writes, safe-read.ts for reads through links).
 * Sits above model/ and below runtime/: it imports nothing but errors and Node.
 */
export { UNSAFE_PATH, isInside, safeSegments, unsafePath } from './safe-path.js';
export {
  assertNoLinkEscape,
  escapesThroughLink,
  listFilesInside,
  pathInside,
  readTextInside,
  realPathInside,
  resolveInside,
  type FolderFile,
} from './safe-read.js';
export { createZip, type CreateZipOptions, type ZipEntry, type ZipSummary } from './zip-create.js';
export { extractZip, type ExtractOptions, type ExtractSummary } from './zip-extract.js';
export { HashingStream, ZipWriter, type StreamEntryOptions } from './zip-stream.js';
export {
  packEntries,
  packHostFiles,
  packWith,
  TarWriter,
  type HostFileEntry,
  type MemoryEntry,
  type TarHeader,
} from './tar-pack.js';
export {
  extractTarTo,
  firstFileText,
  iterateTar,
  readTarEntries,
  streamToBuffer,
  type TarEntry,
  type TarStreamEntry,
} from './tar-extract.js';
export { walkTar, type TreeEntry, type TreeEntryType, type TreeVisitor } from './tar-walk.js';
export { deviceNumbers, packDirectory } from './tar-directory.js';
