import { describe, expect, it } from 'vitest';
import { StageLatencies } from './stage-latencies.js';

describe('StageLatencies', () => {
  it('gives nearest-rank p50 and p95 per stage', () => {
    const latencies = new StageLatencies();
    for (let ms = 1; ms <= 100; ms++) latencies.record('gate', ms);
    latencies.record('alert', 40);
    expect(latencies.summary()).toEqual([
      { stage: 'gate', p50Ms: 50, p95Ms: 95, samples: 100 },
      { stage: 'alert', p50Ms: 40, p95Ms: 40, samples: 1 },
    ]);
  });

  it('keeps only the most recent samples', () => {
    const latencies = new StageLatencies(10);
    for (let i = 0; i < 50; i++) latencies.record('rules', i < 40 ? 1000 : 1);
    expect(latencies.summary()[0]).toEqual({ stage: 'rules', p50Ms: 1, p95Ms: 1, samples: 10 });
  });
});
