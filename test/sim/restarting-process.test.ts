import { describe, expect, it } from 'vitest';
import { silentLogger } from '../../server/src/observability/logger.js';
import { RestartingProcess } from '../../server/src/sim/restarting-process.js';
import { waitUntil, withTimeout } from './child-processes.js';

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe('RestartingProcess', () => {
  it('starts the command again each time it exits, until stopped', async () => {
    const supervised = new RestartingProcess({
      command: 'sh',
      args: ['-c', 'exit 3'],
      label: 'test',
      logger: silentLogger(),
      restartDelayMs: 20,
      maxRestartDelayMs: 40,
    });
    supervised.start();
    await waitUntil(() => supervised.startCount >= 3, 10_000, 'three starts');
    await supervised.stop();
    const count = supervised.startCount;
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(supervised.startCount).toBe(count);
  });

  it('ends a running child on stop', async () => {
    const supervised = new RestartingProcess({ command: 'sleep', args: ['60'], label: 'sleeper', logger: silentLogger() });
    supervised.start();
    const pid = supervised.pid!;
    expect(pid).toBeGreaterThan(0);
    expect(isAlive(pid)).toBe(true);
    await withTimeout(supervised.stop(), 5000, 'stop');
    expect(isAlive(pid)).toBe(false);
  });
});
