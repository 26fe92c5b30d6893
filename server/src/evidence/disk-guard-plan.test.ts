import { describe, expect, it } from 'vitest';
import { planDiskGuard, type SegmentUsage } from './disk-guard-plan.js';
import type { AlertEvidenceUsage } from './retention.js';

const seg = (cameraId: string, endTs: number, bytes = 10): SegmentUsage => ({ cameraId, path: `${cameraId}/${endTs}.ts`, endTs, bytes });
const ev = (alertId: string, severity: AlertEvidenceUsage['severity'], endedAt: number | null, bytes = 100, held = false): AlertEvidenceUsage => ({
  alertId,
  severity,
  endedAt,
  bytes,
  held,
});

// Two cameras, segments every 2 s; each keeps the 5 s before its newest segment's end.
const segments = [seg('a', 2000), seg('a', 4000), seg('a', 6000), seg('a', 8000), seg('a', 10_000), seg('b', 1000), seg('b', 3000), seg('b', 9000)];
const evidence = [ev('crit-old', 'critical', 1), ev('low-new', 'low', 50), ev('low-old', 'low', 5), ev('info-new', 'info', 60), ev('held-info', 'info', 0, 100, true), ev('active', null, null)];

describe('planDiskGuard', () => {
  it('does nothing when the disk has room', () => {
    const plan = planDiskGuard({ freeBytes: 1000, minFreeBytes: 500, segments, keepSegmentMs: 5000, evidence });
    expect(plan).toEqual({ segments: [], evidence: [], freeBytesAfter: 1000, shortfallBytes: 0 });
  });

  it('shrinks the rings first, oldest segment first across cameras, keeping what the newest pre-roll needs', () => {
    const plan = planDiskGuard({ freeBytes: 0, minFreeBytes: 25, segments, keepSegmentMs: 5000, evidence });
    expect(plan.segments.map((s) => s.path)).toEqual(['b/1000.ts', 'a/2000.ts', 'b/3000.ts']);
    expect(plan.evidence).toEqual([]);
    expect(plan.freeBytesAfter).toBe(30);
  });

  it('then deletes evidence least severe first, oldest first within a severity', () => {
    const plan = planDiskGuard({ freeBytes: 0, minFreeBytes: 250, segments, keepSegmentMs: 5000, evidence });
    expect(plan.segments.map((s) => s.path)).toEqual(['b/1000.ts', 'a/2000.ts', 'b/3000.ts', 'a/4000.ts']);
    expect(plan.evidence.map((e) => e.alertId)).toEqual(['info-new', 'low-old', 'low-new']);
    expect(plan.evidence.every((e) => e.reason === 'disk')).toBe(true);
  });

  it('never deletes held or in-progress evidence, and reports how far short it stays', () => {
    const plan = planDiskGuard({ freeBytes: 0, minFreeBytes: 10_000, segments, keepSegmentMs: 5000, evidence });
    expect(plan.evidence.map((e) => e.alertId)).toEqual(['info-new', 'low-old', 'low-new', 'crit-old']);
    expect(plan.freeBytesAfter).toBe(440);
    expect(plan.shortfallBytes).toBe(10_000 - 440);
  });

  it('keeps the newest segment of a camera even with nothing else to keep', () => {
    const plan = planDiskGuard({ freeBytes: 0, minFreeBytes: 100, segments: [seg('a', 1000)], keepSegmentMs: 0, evidence: [] });
    expect(plan.segments).toEqual([]);
    expect(plan.shortfallBytes).toBe(100);
  });

  it('deletes folders of no known alert before any alert evidence', () => {
    const plan = planDiskGuard({ freeBytes: 0, minFreeBytes: 100, segments: [], keepSegmentMs: 0, evidence: [ev('info', 'info', 1), ev('orphan', null, 9)] });
    expect(plan.evidence.map((e) => e.alertId)).toEqual(['orphan']);
  });
});
