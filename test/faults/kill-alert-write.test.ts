import { randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { TestReceiver } from '../notify/http-test-channel.js';
import { waitFor } from '../ingest/helpers.js';
import { auditAlerts, killAllVigils, startVigilProcess } from './vigil-process.js';
import { sleep } from './fault-helpers.js';

const KILLS = Number(process.env.FAULT_KILLS ?? 3);
const TOKEN = 'fault-kill-token-0123456789abcdef';

// A worker walks into the zone every 2 s: an alert opens (snapshot, outbox row) and ends about every 2 s.
const site = (receiverUrl: string, enabled: boolean) => `site: { name: Kill test, timezone: UTC }
cameras:
  - id: cell-9
    name: Robot cell 9
    url: sim://intrusion?period=2&duration=1&fps=5&size=160x90
    sample: { fps: 4, maxSide: 160 }
    enabled: ${enabled}
    zones:
      - { id: robot-cell, name: Robot cell, polygon: [[0.62, 0.5], [0.95, 0.5], [0.95, 0.95], [0.62, 0.95]] }
rules: rules/
evidence: { preRoll: 1s, postRoll: 1s, segment: 1s, ring: 10s }
channels:
  webhook: [{ id: ops, url: "${receiverUrl}", secret: "\${OPS_SECRET}", allowPrivate: true }]
`;
const RULES = `rules:
  - id: cell-intrusion
    name: Person in robot cell
    severity: critical
    cameras: [cell-9]
    when: { signal: motion, zone: robot-cell, minArea: 0.02, for: 250ms }
    cooldown: 0s
    clearAfter: 500ms
    notify: [dashboard, webhook:ops]
`;

let dir = '';
let receiver: TestReceiver | null = null;
afterAll(async () => {
  await killAllVigils();
  await receiver?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

/** Snapshot files on disk that no evidence row names (an onset cut off before its transaction). */
async function filesUnder(root: string): Promise<string[]> {
  const entries = await readdir(root, { recursive: true, withFileTypes: true }).catch(() => []);
  return entries.filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name));
}

describe('kill -9 while alerts are being written', () => {
  it(`after each of ${KILLS} kills every alert is whole or absent, and each alert.opened has one delivery id`, async () => {
    dir = await mkdtemp(join(tmpdir(), 'vigil-fault-kill-'));
    const dataDir = join(dir, 'data');
    await mkdir(join(dir, 'rules'));
    await writeFile(join(dir, 'rules', 'cell.yaml'), RULES);
    receiver = await new TestReceiver(() => 200, 150).start();
    await writeFile(join(dir, 'vigil.yaml'), site(receiver.url, true));
    const env = {
      PATH: process.env.PATH ?? '', PORT: '0', HOST: '127.0.0.1', DATA_DIR: dataDir, VIGIL_CONFIG: join(dir, 'vigil.yaml'),
      VIGIL_API_TOKEN: TOKEN, OPS_SECRET: `whsec_${randomBytes(24).toString('base64')}`, LOG_LEVEL: 'warn',
    };

    const seenAfterKill: number[] = [];
    let lastAudit = await auditAlerts({ dataDir }).catch(() => null);
    for (let kill = 0; kill < KILLS; kill += 1) {
      const vigil = await startVigilProcess(env);
      const before = lastAudit?.alerts ?? 0;
      // Wait for at least one more alert to be on its way, then kill at a random moment within the next few seconds.
      await waitFor('an alert delivery', () => receiver!.received.length > (seenAfterKill.at(-1) ?? 0), 40_000);
      await sleep(500 + Math.floor(Math.random() * 4500));
      const killed = await vigil.kill('SIGKILL');
      expect(killed.signal).toBe('SIGKILL');
      seenAfterKill.push(receiver.received.length);
      lastAudit = await auditAlerts({ dataDir });
      expect(lastAudit.broken, `after kill ${kill + 1}`).toEqual([]);
      expect(lastAudit.alerts).toBeGreaterThanOrEqual(before);
      for (const [alertId, rows] of lastAudit.openedDeliveries) expect(rows, alertId).toHaveLength(1);
    }

    // A last run with the camera off: no new alerts, the outbox drains.
    await writeFile(join(dir, 'vigil.yaml'), site(receiver.url, false));
    const drain = await startVigilProcess(env);
    const openedIds = [...lastAudit!.openedDeliveries.values()].flat();
    await waitFor('every alert.opened delivered', () => openedIds.every((id) => receiver!.idsSeen().has(id)), 60_000);
    await drain.kill('SIGTERM');
    const final = await auditAlerts({ dataDir });
    expect(final.broken).toEqual([]);

    const timesSeen = new Map<string, number>();
    for (const r of receiver.received) timesSeen.set(r.deliveryId, (timesSeen.get(r.deliveryId) ?? 0) + 1);
    const opened = [...final.openedDeliveries.values()].flat();
    expect(opened).toHaveLength(final.alerts);
    for (const id of opened) expect(timesSeen.get(id) ?? 0, id).toBeGreaterThanOrEqual(1);
    const repeated = opened.filter((id) => (timesSeen.get(id) ?? 0) > 1).length;
    const snapshotsOnDisk = (await filesUnder(join(dataDir, 'evidence'))).filter((p) => p.endsWith('.jpg')).length;
    console.info(
      `kill -9: ${KILLS} kills; ${final.alerts} alerts, all whole (${final.withClip} with their clip); ` +
        `${opened.length} alert.opened deliveries, ${repeated} sent again under the same webhook-id after a kill; ` +
        `snapshot files on disk ${snapshotsOnDisk}`,
    );
  }, 220_000);
});
