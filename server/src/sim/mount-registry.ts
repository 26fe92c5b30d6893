import type { RtspMount } from './rtsp-mount.js';

/** The live mounts of a relay by path; a new publisher on a path replaces the old one. */
export class MountRegistry {
  private readonly mounts = new Map<string, RtspMount>();
  private readonly waiters = new Map<string, Set<() => void>>();

  get(path: string): RtspMount | undefined {
    return this.mounts.get(path);
  }

  paths(): string[] {
    return [...this.mounts.keys()].sort();
  }

  all(): RtspMount[] {
    return [...this.mounts.values()];
  }

  /** The mount a SETUP URL path belongs to: the longest mount path equal to it or a prefix of it at a '/'. */
  findForRequestPath(requestPath: string): RtspMount | undefined {
    let best: RtspMount | undefined;
    for (const [path, mount] of this.mounts) {
      const matches = requestPath === path || requestPath.startsWith(`${path}/`);
      if (matches && (!best || path.length > best.path.length)) best = mount;
    }
    return best;
  }

  publish(mount: RtspMount): void {
    const previous = this.mounts.get(mount.path);
    this.mounts.set(mount.path, mount);
    previous?.close({ kickPublisher: true });
    const waiting = this.waiters.get(mount.path);
    this.waiters.delete(mount.path);
    waiting?.forEach((resolve) => resolve());
  }

  /** Removes `mount` if it is still the live one for its path, and closes it. */
  unpublish(mount: RtspMount): void {
    if (this.mounts.get(mount.path) === mount) this.mounts.delete(mount.path);
    mount.close({ kickPublisher: false });
  }

  waitFor(path: string, timeoutMs: number): Promise<void> {
    if (this.mounts.has(path)) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const set = this.waiters.get(path) ?? new Set<() => void>();
      this.waiters.set(path, set);
      const done = () => {
        clearTimeout(timer);
        resolve();
      };
      const timer = setTimeout(() => {
        set.delete(done);
        reject(new Error(`no publisher on ${path} within ${timeoutMs} ms`));
      }, timeoutMs);
      set.add(done);
    });
  }
}
