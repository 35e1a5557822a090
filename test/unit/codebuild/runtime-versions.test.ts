import { describe, expect, it } from 'vitest';
import { parseRuntimesFile, selectRuntimes } from '../../../src/engine/codebuild/runtime-versions.js';

const FILE = parseRuntimesFile(`version: 0.1
runtimes:
  golang:
    versions:
      "1.21": { commands: ["export PATH=/usr/lib/go-1.21/bin:$PATH"] }
      "1.22": { commands: ["export PATH=/usr/lib/go-1.22/bin:$PATH"] }
      "1.23": { commands: ["export PATH=/usr/lib/go-1.23/bin:$PATH"] }
  nodejs:
    versions:
      "20": { commands: ["n 20"] }
      "22": { commands: ["n 22"] }
      default: { commands: ["n $VERSION"] }
`);

describe('runtime-versions (docs/aws/codebuild.md §1.8, §8.24)', () => {
  it('selects an exact version', () => {
    const [s] = selectRuntimes(FILE, { golang: '1.22' }, {});
    expect(s.version).toBe('1.22');
    expect(s.commands).toEqual(['export PATH=/usr/lib/go-1.22/bin:$PATH']);
  });
  it('resolves latest and <major>.x to the highest matching version', () => {
    expect(selectRuntimes(FILE, { golang: 'latest' }, {})[0].version).toBe('1.23');
    expect(selectRuntimes(FILE, { golang: '1.x' }, {})[0].version).toBe('1.23');
    expect(selectRuntimes(FILE, { nodejs: '20.x' }, {})[0].version).toBe('20');
  });
  it('expands an environment variable in the value', () => {
    expect(selectRuntimes(FILE, { golang: '$GO_VERSION' }, { GO_VERSION: '1.21' })[0].version).toBe('1.21');
  });
  it('uses the default entry for versions not listed, with VERSION set', () => {
    const [s] = selectRuntimes(FILE, { nodejs: '18' }, {});
    expect(s.version).toBe('default');
    expect(s.customVersion).toBe('18');
  });
  it("docs/aws/codebuild.md §8.14: unknown version is CodeBuild's YAML_FILE_ERROR text", () => {
    expect(() => selectRuntimes(FILE, { golang: '99' }, {})).toThrow(
      "Unknown runtime version named '99' of golang. This build image has the following versions: 1.21, 1.22, 1.23",
    );
  });
  it("docs/aws/codebuild.md §1.8: unknown runtime lists the image's runtimes", () => {
    expect(() => selectRuntimes(FILE, { docker: '20' }, {})).toThrow(
      "Unknown runtime named 'docker'. This build image has the following runtimes: golang, nodejs",
    );
  });
});
