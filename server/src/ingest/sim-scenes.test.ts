import { describe, expect, it } from 'vitest';
import { intrusionTimeline, SIM_RESTRICTED_ZONE, simSceneGraph } from './sim-scenes.js';
import { parseSimUrl } from './sim-url.js';

describe('intrusionTimeline', () => {
  it('walks in, stays the configured time and walks out within one period', () => {
    expect(intrusionTimeline({ period: 30, duration: 8 })).toEqual({
      period: 30,
      enterAt: 5,
      walkSeconds: 2,
      inZoneFrom: 7,
      inZoneUntil: 15,
      goneAt: 17,
    });
    const short = intrusionTimeline({ period: 10, duration: 5 });
    expect(short.inZoneUntil - short.inZoneFrom).toBe(5);
    expect(short.goneAt).toBeLessThanOrEqual(10);
  });

  it('shortens a stay that would not fit the period', () => {
    const t = intrusionTimeline({ period: 10, duration: 10 });
    expect(t.enterAt).toBe(0);
    expect(t.goneAt).toBeLessThanOrEqual(10);
  });
});

describe('simSceneGraph', () => {
  it('builds one-output lavfi graphs at the requested size and rate', () => {
    for (const url of ['sim://intrusion?size=320x180&fps=10', 'sim://dark?size=320x180&fps=10', 'sim://idle?size=320x180&fps=10']) {
      const graph = simSceneGraph(parseSimUrl(url));
      expect(graph.endsWith('[out0]')).toBe(true);
      expect(graph).toContain('s=320x180:r=10');
    }
  });

  it('times the worker and the blackout by the period', () => {
    expect(simSceneGraph(parseSimUrl('sim://intrusion?period=12'))).toContain('mod(t\\,12)');
    expect(simSceneGraph(parseSimUrl('sim://dark?period=20&duration=5'))).toContain("enable='gte(mod(t\\,20)\\,15)'");
  });

  it('marks a restricted area on the right part of the frame', () => {
    expect(Math.min(...SIM_RESTRICTED_ZONE.map(([x]) => x))).toBeGreaterThanOrEqual(0.5);
  });
});
