import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { AlertDto, AlertPageDto, CameraDto } from '../../server/src/contracts/index.js';
import { startVigil, type RunningVigil } from '../../server/src/main.js';
import { silentLogger } from '../../server/src/observability/logger.js';
import { storeTargets } from '../store/store-targets.js';
import { api, connectSocket, nextEvent, prepareTestSite } from './vigil-harness.js';

// The worker stands in the cell from 2.5 s to 27.5 s of every 30 s (the scene restarts with Vigil).
const SITE = `site: { name: Test plant, timezone: UTC }
cameras:
  - id: cell-7
    name: Robot cell 7
    url: sim://intrusion?period=30&duration=25&fps=10&size=320x180
    sample: { fps: 4, maxSide: 320 }
    zones:
      - { id: robot-cell, name: Robot cell, polygon: [[0.62, 0.5], [0.95, 0.5], [0.95, 0.95], [0.62, 0.95]] }
rules: rules/
evidence: { preRoll: 1s, postRoll: 1s, segment: 1s }
`;
const RULES = `rules:
  - id: cell-intrusion
    name: Person in robot cell
    severity: critical
    cameras: [cell-7]
    when: { signal: motion, zone: robot-cell, minArea: 0.02, for: 500ms }
    clearAfter: 10s
`;

describe.each(storeTargets)('a restart continues active alerts ($name)', (target) => {
  const cleanups: (() => Promise<void>)[] = [];
  afterAll(async () => {
    for (const cleanup of cleanups.reverse()) await cleanup();
  });

  it('updates the alert that was open before the restart instead of opening a second one', async () => {
    const site = await prepareTestSite({ siteYaml: SITE, rules: { 'site.yaml': RULES }, target });
    cleanups.push(site.dispose);
    const { dir, env } = site;

    const first = await startVigil(env, silentLogger());
    let firstStopped = false;
    cleanups.push(async () => {
      if (!firstStopped) await first.stop();
    });
    const socket = connectSocket(first.url);
    const opened = await nextEvent(socket, 'alert:new', (a) => a.ruleId === 'cell-intrusion', 30_000);
    socket.close();
    await first.stop();
    firstStopped = true;

    const second: RunningVigil = await startVigil(env, silentLogger());
    let secondStopped = false;
    cleanups.push(async () => {
      if (!secondStopped) await second.stop();
    });
    const watcher = connectSocket(second.url);
    const duplicates: AlertDto[] = [];
    watcher.on('alert:new', (a) => duplicates.push(a));
    const continued = await nextEvent(
      watcher,
      'alert:updated',
      (a) => a.id === opened.id && a.endedAt === null && Date.parse(a.lastSeenAt) > Date.parse(opened.lastSeenAt) + 3000,
      30_000,
    );
    watcher.close();
    expect(continued.status).toBe('open');
    expect(duplicates).toEqual([]);
    const list = await api<AlertPageDto>(second, '/api/alerts?rule=cell-intrusion');
    expect(list.body.items.map((a) => a.id)).toEqual([opened.id]);
    // Zones drawn on the dashboard for this vigil.yaml camera outlive the restart below.
    const drawn = { id: 'robot-cell', name: 'Robot cell (redrawn)', polygon: [[0.5, 0.4], [1, 0.4], [1, 1], [0.5, 1]] };
    const saved = await api<CameraDto>(second, '/api/cameras/cell-7/zones', { method: 'PUT', body: JSON.stringify({ zones: [drawn] }) });
    expect(saved.status).toBe(200);
    await second.stop();
    secondStopped = true;

    // The rule is gone after the next restart: its alert ends instead of hanging open for ever.
    await writeFile(join(dir, 'rules', 'site.yaml'), RULES.replace('cell-intrusion', 'cell-intrusion-v2'));
    const third = await startVigil(env, silentLogger());
    cleanups.push(() => third.stop());
    const detail = await api<AlertDto>(third, `/api/alerts/${opened.id}`);
    expect(detail.body.endedAt).not.toBeNull();
    expect(detail.body.status).toBe('resolved');
    const camera = await api<CameraDto>(third, '/api/cameras/cell-7');
    expect(camera.body.zones.map((z) => z.name)).toEqual(['Robot cell (redrawn)']);
  });
});
