/**
 * What this runtime created and has not removed yet, so cleanup() (and the signal handler) can remove exactly
 * that, in dependency order: containers hold networks and volumes, so they go first.
 */
import type Docker from 'dockerode';
import { ignoreGone } from './api-errors.js';

type Kind = 'container' | 'network' | 'volume';

export class Tracker {
  private readonly items: Record<Kind, Set<string>> = {
    container: new Set(),
    network: new Set(),
    volume: new Set(),
  };

  add(kind: Kind, id: string): void {
    this.items[kind].add(id);
  }

  delete(kind: Kind, id: string): void {
    this.items[kind].delete(id);
  }

  get size(): number {
    return this.items.container.size + this.items.network.size + this.items.volume.size;
  }

  /**
   * Removes everything tracked, each kind in parallel; keeps going past individual failures and reports them
   * together at the end, so one stuck container does not leave the rest behind.
   */
  async removeAll(docker: Docker): Promise<void> {
    const failures: string[] = [];
    const run = async (kind: Kind, remove: (id: string) => Promise<unknown>) => {
      const ids = [...this.items[kind]];
      await Promise.all(
        ids.map(async (id) => {
          try {
            await ignoreGone(remove(id));
            this.items[kind].delete(id);
          } catch (e) {
            failures.push(`${kind} ${id}: ${(e as Error).message}`);
          }
        }),
      );
    };
    await run('container', (id) => docker.getContainer(id).remove({ force: true, v: true }));
    await run('network', (id) => docker.getNetwork(id).remove());
    await run('volume', (id) => docker.getVolume(id).remove({ force: true }));
    if (failures.length) throw new Error(`cleanup left ${failures.length} resource(s): ${failures.join('; ')}`);
  }
}
