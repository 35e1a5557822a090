// How a ContainerSpec's in-memory folders reach the engine (src/runtime/docker/containers.ts): `scratch` folders go
// through HostConfig.Tmpfs with `exec`, because a Mounts tmpfs is always noexec on API 1.41 and a build may run what
// it finds there (docs/fidelity.md, "`script.sh` and `env.sh` are links into memory"); the hiding `tmpfs` folders stay
// small read-only Mounts.
import { describe, expect, it } from 'vitest';
import { toCreateOptions } from '../../../src/runtime/docker/containers.js';

describe('create options: in-memory folders', () => {
  it('scratch folders are writable, runnable tmpfs mounts without a size of their own', () => {
    const o = toCreateOptions({ image: 'i', scratch: ['/codebuild/codelocal/mem'] }, {});
    expect(o.HostConfig?.Tmpfs).toEqual({ '/codebuild/codelocal/mem': 'rw,exec,mode=755' });
    expect(o.HostConfig?.Mounts).toBeUndefined();
  });

  it('no scratch folder, no Tmpfs; hiding folders stay read-only Mounts of 1 MiB', () => {
    const o = toCreateOptions({ image: 'i', scratch: [], tmpfs: [{ target: '/src/.codelocal', readOnly: true }] }, {});
    expect(o.HostConfig?.Tmpfs).toBeUndefined();
    expect(o.HostConfig?.Mounts).toEqual([
      {
        Type: 'tmpfs',
        Source: '',
        Target: '/src/.codelocal',
        ReadOnly: true,
        TmpfsOptions: { SizeBytes: 1024 * 1024, Mode: 0o555 },
      },
    ]);
  });
});
