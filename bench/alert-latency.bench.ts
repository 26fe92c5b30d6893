import type { Benchmark } from './lib/result.js';

export const alertLatency: Benchmark = {
  name: 'alert-latency',
  title: 'alert-latency',
  async run() {
    throw new Error('not written yet');
  },
};
