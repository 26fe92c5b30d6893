import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AlertDetailDto, AlertDto, AlertPageDto } from '../../server/src/contracts/index.js';
import { storeTargets } from '../store/store-targets.js';
import { api, connectSocket, ffprobeJson, nextEvent, startTestVigil, type VigilSocket } from './vigil-harness.js';

// A worker walks into the restricted area of the sim scene every 12 s; a motion rule watches that area.
const SITE = `site: { name: Test plant, timezone: UTC }
cameras:
  - id: cell-9
    name: Robot cell 9
    url: sim://intrusion?period=12&duration=5&fps=10&size=320x180
    sample: { fps: 4, maxSide: 320 }
    zones:
      - { id: robot-cell, name: Robot cell, polygon: [[0.62, 0.5], [0.95, 0.5], [0.95, 0.95], [0.62, 0.95]] }
rules: rules/
evidence: { preRoll: 2s, postRoll: 2s, segment: 1s, ring: 30s }
`;

const RULES = `rules:
  - id: cell-intrusion
    name: Person in robot cell
    severity: critical
    cameras: [cell-9]
    when: { signal: motion, zone: robot-cell, minArea: 0.02, for: 500ms }
    cooldown: 0s
    clearAfter: 1s
`;

describe.each(storeTargets)('camera → gate → rule → alert with evidence ($name)', (target) => {
  let harness: Awaited<ReturnType<typeof startTestVigil>>;
  let watcher: VigilSocket;
  let colleague: VigilSocket;

  beforeAll(async () => {
    harness = await startTestVigil({ siteYaml: SITE, rules: { 'site.yaml': RULES }, target });
    watcher = connectSocket(harness.vigil.url);
    colleague = connectSocket(harness.vigil.url);
  });

  afterAll(async () => {
    watcher?.close();
    colleague?.close();
    await harness?.dispose();
  });

  it('pushes alert:new with a snapshot, then the clip, and shares acknowledgements', async () => {
    const opened = await nextEvent(watcher, 'alert:new', (a) => a.ruleId === 'cell-intrusion', 40_000);
    expect(opened).toMatchObject({ cameraId: 'cell-9', zoneId: 'robot-cell', severity: 'critical', status: 'open' });
    expect(opened.summary).toMatch(/Robot cell/);
    const snapshot = opened.evidence.find((e) => e.kind === 'snapshot');
    expect(snapshot?.sha256).toMatch(/^[0-9a-f]{64}$/);

    const withClip = await nextEvent(watcher, 'alert:updated', (a) => a.id === opened.id && a.evidence.some((e) => e.kind === 'clip'), 30_000);
    const clip = withClip.evidence.find((e) => e.kind === 'clip')!;

    const response = await fetch(`${harness.vigil.url}${clip.url}`, { headers: { authorization: `Bearer ${harness.vigil.apiToken}` } });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('video/mp4');
    const clipPath = join(harness.dir, 'downloaded.mp4');
    await writeFile(clipPath, Buffer.from(await response.arrayBuffer()));
    const probe = await ffprobeJson(clipPath);
    const video = probe.streams.find((s) => s.codec_type === 'video');
    expect(video).toMatchObject({ codec_name: 'h264', width: 320, height: 180 });
    // pre-roll 2 s + post-roll 2 s, stream-copied so the cut may start up to one keyframe early.
    const duration = Number(probe.format.duration);
    expect(duration).toBeGreaterThanOrEqual(3.9);
    expect(duration).toBeLessThanOrEqual(4 + 2 * 1 + 1.5);

    const seenByColleague = nextEvent(colleague, 'alert:updated', (a) => a.id === opened.id && a.status === 'acknowledged', 10_000);
    const ack = await api<AlertDetailDto>(harness.vigil, `/api/alerts/${opened.id}/ack`, {
      method: 'POST',
      body: JSON.stringify({ note: 'on my way', actor: 'shift-lead' }),
    });
    expect(ack.status).toBe(200);
    const shared = await seenByColleague;
    expect(shared.status).toBe('acknowledged');

    const detail = await api<AlertDetailDto>(harness.vigil, `/api/alerts/${opened.id}`);
    const actions = detail.body.events.map((e) => e.action);
    expect(actions).toContain('opened');
    expect(actions).toContain('acknowledged');
    expect(detail.body.events.find((e) => e.action === 'acknowledged')).toMatchObject({ actor: 'shift-lead', note: 'on my way' });
  });

  it('resolves the alert by itself once the worker has left', async () => {
    const list = await api<AlertPageDto>(harness.vigil, '/api/alerts?camera=cell-9');
    const first = list.body.items.at(-1) as AlertDto;
    const ended = first.endedAt
      ? first
      : await nextEvent(watcher, 'alert:updated', (a) => a.id === first.id && a.endedAt !== null, 20_000);
    expect(ended.status).toBe('resolved');
  });
});
