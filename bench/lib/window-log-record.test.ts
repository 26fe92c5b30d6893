import { describe, expect, it } from 'vitest';
import type { ModelWindowDto } from '../../server/src/contracts/index.js';
import { WindowLogRecord } from './window-log-record.js';

const entry = (cameraId: string, windowEnd: number, at: number, reason: ModelWindowDto['reason'] = 'gate'): ModelWindowDto => ({
  cameraId,
  windowEnd: new Date(windowEnd).toISOString(),
  reason,
  at: new Date(at).toISOString(),
  outcome: 'ok',
  hazards: [],
  error: null,
  modelMs: 1,
  visionTokens: 1560,
});

describe('WindowLogRecord', () => {
  it('keeps each window once across overlapping polls', () => {
    const record = new WindowLogRecord();
    expect(record.add([entry('a', 2000, 2010), entry('a', 4000, 4010)])).toBe(2);
    expect(record.add([entry('a', 6000, 6010), entry('a', 4000, 4010), entry('b', 4000, 4020)])).toBe(2);
    expect(record.size).toBe(4);
  });

  it('keeps a retried window that ended again as its own call', () => {
    const record = new WindowLogRecord();
    record.add([entry('a', 2000, 2010), entry('a', 2000, 2500)]);
    expect(record.size).toBe(2);
  });

  it('filters by camera and by window end, oldest first, with times as epoch ms', () => {
    const record = new WindowLogRecord();
    record.add([entry('a', 6000, 6010, 'heartbeat'), entry('b', 3000, 3010), entry('a', 2000, 2010)]);
    expect(record.windows({ cameraId: 'a' }).map((w) => [w.windowEnd, w.reason])).toEqual([
      [2000, 'gate'],
      [6000, 'heartbeat'],
    ]);
    expect(record.windows({ fromMs: 2500, toMs: 6000 })).toEqual([{ cameraId: 'b', windowEnd: 3000, reason: 'gate', at: 3010, outcome: 'ok', visionTokens: 1560 }]);
  });
});
