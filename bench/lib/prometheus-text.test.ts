import { describe, expect, it } from 'vitest';
import { parsePrometheus, seriesBy } from './prometheus-text.js';

describe('prometheus text', () => {
  it('reads labelled samples and skips comments', () => {
    const text = [
      '# HELP vigil_frames_total Sampled frames received per camera',
      '# TYPE vigil_frames_total counter',
      'vigil_frames_total{camera="cam-1"} 42',
      'vigil_frames_total{camera="cam-2"} 40',
      'vigil_process_cpu_seconds_total 1.5',
      'vigil_stage_seconds_bucket{le="0.5",stage="alert"} 3',
    ].join('\n');
    const samples = parsePrometheus(text);
    expect(samples).toHaveLength(4);
    expect([...seriesBy(samples, 'vigil_frames_total', 'camera')]).toEqual([['cam-1', 42], ['cam-2', 40]]);
    expect(samples[3]!.labels).toEqual({ le: '0.5', stage: 'alert' });
  });
});
