import { describe, expect, it } from 'vitest';
import { BuildLog, containerTimestamp } from '../../../src/engine/codebuild/build-log.js';

describe('build log grammar (docs/aws/codebuild.md §4.1)', () => {
  it('docs/aws/codebuild.md §8.13: [Container] lines carry YYYY/MM/DD HH:MM:SS.ffffff in UTC', () => {
    const lines: string[] = [];
    const log = new BuildLog({ sinks: [(t) => lines.push(t)] });
    log.container('Entering phase BUILD');
    expect(lines[0]).toMatch(/^\[Container\] \d{4}\/\d{2}\/\d{2} \d{2}:\d{2}:\d{2}\.\d{6} Entering phase BUILD\n$/);
    expect(containerTimestamp(Date.UTC(2025, 11, 14, 22, 48, 31, 261) + 0.14)).toBe('2025/12/14 22:48:31.261140');
  });

  it('masks a secret even when it arrives split across chunks', () => {
    let all = '';
    const log = new BuildLog({ sinks: [(t) => (all += t)], masker: { mask: (t) => t.replaceAll('s3cr3t', '***') } });
    log.output('token=s3c');
    log.output('r3t done\n');
    log.endOfCommand();
    expect(all).toBe('token=*** done\n\n');
  });
});
