import { describe, expect, it } from 'vitest';
import {
  ArtifactSelector,
  selectArtifactFiles,
  staticPrefix,
  type SourceEntry,
} from '../../../src/engine/codebuild/artifact-select.js';

/** A listing with every parent folder, like a tar of the source would carry. */
function tree(...files: string[]): SourceEntry[] {
  const dirs = new Set<string>();
  for (const f of files) {
    const parts = f.split('/');
    for (let i = 1; i < parts.length; i++) dirs.add(parts.slice(0, i).join('/'));
  }
  return [
    ...[...dirs].map((path) => ({ path, type: 'dir' as const })),
    ...files.map((path) => ({ path, type: 'file' as const })),
  ];
}

/** The doc's example tree (docs/aws/codebuild.md §1.10). */
const DOC_TREE = tree(
  'my-build-1/my-file-1.txt',
  'my-build-2/my-file-2.txt',
  'my-build-2/my-subdirectory/my-file-3.txt',
);

const names = (r: ReturnType<typeof selectArtifactFiles>) =>
  r.files
    .map((f) => f.pathInArtifact)
    .sort()
    .join(', ');

describe('artifact selection', () => {
  it('docs/aws/codebuild.md §1.10: files */my-file-3.txt with base-directory my-build-2 gives my-subdirectory/my-file-3.txt', () => {
    const r = selectArtifactFiles(DOC_TREE, { files: ['*/my-file-3.txt'], baseDirectory: 'my-build-2' });
    expect(r.failure).toBeUndefined();
    expect(names(r)).toBe('my-subdirectory/my-file-3.txt');
    expect(r.files[0]!.sourcePath).toBe('my-build-2/my-subdirectory/my-file-3.txt');
  });

  it("docs/aws/codebuild.md §1.10: files **/* with base-directory 'my-build*' and discard-paths gives my-file-1.txt, my-file-2.txt, my-file-3.txt", () => {
    const r = selectArtifactFiles(DOC_TREE, { files: ['**/*'], baseDirectory: 'my-build*', discardPaths: true });
    expect(names(r)).toBe('my-file-1.txt, my-file-2.txt, my-file-3.txt');
  });

  it('docs/aws/codebuild.md §1.10: a glob base directory contributes its contents, not itself', () => {
    const r = selectArtifactFiles(DOC_TREE, { files: ['**/*'], baseDirectory: 'my-build*' });
    expect(names(r)).toBe('my-file-1.txt, my-file-2.txt, my-subdirectory/my-file-3.txt');
  });

  it('docs/aws/codebuild.md §1.10: files are relative to CODEBUILD_SRC_DIR without base-directory, no ./ needed', () => {
    const entries = tree('target/app.jar', 'target/classes/A.class', 'README.md');
    expect(names(selectArtifactFiles(entries, { files: ['target/app.jar'] }))).toBe('target/app.jar');
    expect(names(selectArtifactFiles(entries, { files: ['./target/app.jar'] }))).toBe('target/app.jar');
    expect(names(selectArtifactFiles(entries, { files: ['target/*'] }))).toBe('target/app.jar');
    expect(names(selectArtifactFiles(entries, { files: ['target/**/*'] }))).toBe(
      'target/app.jar, target/classes/A.class',
    );
    expect(names(selectArtifactFiles(entries, { files: ['**/*'] }))).toBe(
      'README.md, target/app.jar, target/classes/A.class',
    );
  });

  it('docs/aws/codebuild.md §1.10: discard-paths flattens com/mycompany/app/HelloWorld.java to HelloWorld.java', () => {
    const r = selectArtifactFiles(tree('com/mycompany/app/HelloWorld.java'), { files: ['**/*'], discardPaths: true });
    expect(names(r)).toBe('HelloWorld.java');
  });

  it('discard-paths: the first file of a name wins, later ones are left out', () => {
    const r = selectArtifactFiles(tree('a/x.txt', 'b/x.txt'), { files: ['**/*'], discardPaths: true });
    expect(r.files).toEqual([{ pathInArtifact: 'x.txt', sourcePath: 'a/x.txt', type: 'file' }]);
  });

  it('docs/aws/codebuild.md §1.10: exclude-paths, * within a path component and ** across directories', () => {
    const entries = tree(
      'dist/app.js',
      'dist/app.js.map',
      'dist/vendor/lib.js.map',
      'dist/vendor/lib.js',
      'dist/tmp/x.txt',
    );
    const r1 = selectArtifactFiles(entries, { files: ['**/*'], baseDirectory: 'dist', excludePaths: ['*.map'] });
    expect(names(r1)).toBe('app.js, tmp/x.txt, vendor/lib.js, vendor/lib.js.map');
    const r2 = selectArtifactFiles(entries, {
      files: ['**/*'],
      baseDirectory: 'dist',
      excludePaths: ['**/*.map', 'tmp'],
    });
    expect(names(r2)).toBe('app.js, vendor/lib.js');
  });

  it('dot files match * and ** (Elastic Beanstalk .ebextensions)', () => {
    const r = selectArtifactFiles(tree('.ebextensions/env.config', 'app.py'), { files: ['**/*'] });
    expect(names(r)).toBe('.ebextensions/env.config, app.py');
  });

  it('a bare directory name selects nothing (directories are never files)', () => {
    const r = selectArtifactFiles(tree('dist/app.js'), { files: ['dist'] });
    expect(r.failure?.message).toBe('no matching artifact paths found');
  });

  it('a leading / is read relative to the source, like Go filepath.Join', () => {
    expect(names(selectArtifactFiles(tree('out/a.txt'), { files: ['/out/a.txt'] }))).toBe('out/a.txt');
  });

  it('parentheses and plus signs are ordinary characters', () => {
    expect(names(selectArtifactFiles(tree('file(1)+x.txt'), { files: ['file(1)+x.txt'] }))).toBe('file(1)+x.txt');
  });

  it('symlinks are selectable, directories on their own are not', () => {
    const r = selectArtifactFiles(
      [
        { path: 'link.txt', type: 'symlink' },
        { path: 'd', type: 'dir' },
      ],
      { files: ['*'] },
    );
    expect(r.files).toEqual([{ pathInArtifact: 'link.txt', sourcePath: 'link.txt', type: 'symlink' }]);
  });

  it('the same path offered twice (overlapping archives) counts once', () => {
    const r = selectArtifactFiles([...tree('a.txt'), ...tree('a.txt')], { files: ['*.txt'] });
    expect(r.files).toHaveLength(1);
    expect(r.log.at(-1)).toBe('Found 1 file(s)');
  });

  it('docs/aws/codebuild.md §4.2: log lines of a successful selection', () => {
    const r = selectArtifactFiles(tree('result.txt'), { files: ['result.txt'] });
    expect(r.log).toEqual([
      'Expanding base directory path: .',
      'Assembling file list',
      'Expanding .',
      'Expanding file paths for base directory .',
      'Assembling file list',
      'Expanding result.txt',
      'Found 1 file(s)',
    ]);
  });

  it('docs/aws/codebuild.md §1.10/§4.2: no match logs Skipping invalid file path and fails CLIENT_ERROR no matching artifact paths found', () => {
    const r = selectArtifactFiles(tree('other.json'), { files: ['imagedefinitions.json'] });
    expect(r.log.slice(-2)).toEqual([
      'Expanding imagedefinitions.json',
      'Skipping invalid file path imagedefinitions.json',
    ]);
    expect(r.failure).toEqual({ statusCode: 'CLIENT_ERROR', message: 'no matching artifact paths found' });
    expect(r.files).toEqual([]);
  });

  it('a pattern that matches nothing is skipped while others still count', () => {
    const r = selectArtifactFiles(tree('a.txt'), { files: ['a.txt', 'missing.txt'] });
    expect(r.failure).toBeUndefined();
    expect(r.log).toContain('Skipping invalid file path missing.txt');
    expect(r.log).not.toContain('Skipping invalid file path a.txt');
  });

  it('a base-directory that does not exist fails with no matching base directory path found', () => {
    const r = selectArtifactFiles(tree('a.txt'), { files: ['**/*'], baseDirectory: 'cdk.out' });
    expect(r.failure).toEqual({
      statusCode: 'CLIENT_ERROR',
      message: 'no matching base directory path found for cdk.out',
    });
    expect(r.log).toEqual(['Expanding base directory path: cdk.out', 'Assembling file list', 'Expanding cdk.out']);
  });

  it('a glob base directory logs each matched directory', () => {
    const r = selectArtifactFiles(DOC_TREE, { files: ['my-file-2.txt'], baseDirectory: 'my-build*' });
    expect(r.log).toEqual([
      'Expanding base directory path: my-build*',
      'Assembling file list',
      'Expanding my-build*',
      'Expanding file paths for base directory my-build-1',
      'Assembling file list',
      'Expanding my-file-2.txt',
      'Skipping invalid file path my-file-2.txt',
      'Expanding file paths for base directory my-build-2',
      'Assembling file list',
      'Expanding my-file-2.txt',
      'Found 1 file(s)',
    ]);
  });

  it('docs/aws/codebuild.md §1.10: only secondary artifacts (no files) fails with no definition for primary artifacts in buildspec', () => {
    expect(selectArtifactFiles(DOC_TREE, { files: [] }).failure).toEqual({
      statusCode: 'CLIENT_ERROR',
      message: 'no definition for primary artifacts in buildspec',
    });
  });

  it('fetch roots narrow the archive to what can match', () => {
    expect(new ArtifactSelector({ files: ['dist/**/*', 'README.md'] }).fetchRoots()).toEqual(['README.md', 'dist']);
    expect(new ArtifactSelector({ files: ['**/*'], baseDirectory: 'build' }).fetchRoots()).toEqual(['build']);
    expect(new ArtifactSelector({ files: ['a/*.js', 'a/b/*.js'] }).fetchRoots()).toEqual(['a']);
    expect(new ArtifactSelector({ files: ['**/*'], baseDirectory: 'out/my-build*' }).fetchRoots()).toEqual(['out']);
    expect(new ArtifactSelector({ files: ['*.txt', 'x/y'] }).fetchRoots()).toEqual(['']);
    expect(staticPrefix('src/**/*.ts')).toBe('src');
  });

  it('a literal base narrowed to sub-paths must be probed; a probed base turns a miss into no matching artifact paths', () => {
    const s = new ArtifactSelector({ files: ['x/*.js'], baseDirectory: 'dist' });
    expect(s.fetchRoots()).toEqual(['dist/x']);
    expect(s.baseToProbe()).toBe('dist');
    s.noteDirectory('dist');
    expect(s.result().failure?.message).toBe('no matching artifact paths found');
    expect(new ArtifactSelector({ files: ['**/*'], baseDirectory: 'dist' }).baseToProbe()).toBeUndefined();
    expect(new ArtifactSelector({ files: ['x'], baseDirectory: 'd*' }).baseToProbe()).toBeUndefined();
  });
});
