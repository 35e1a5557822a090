/** The source engine's face: a source folder's git head, file listing and tar stream for a container. */
export { readGitHead, type GitHead } from './git-head.js';
export { packSource, type InMemoryFile } from './source-archive.js';
export { DEFAULT_EXCLUDES, listSourceFiles, type SourceEntry, type SourceListing } from './source-files.js';
