import type { Benchmark } from './lib/result.js';

export const cpuPerCamera: Benchmark = {
  name: 'cpu-per-camera',
  title: 'cpu-per-camera',
  async run() {
    throw new Error('not written yet');
  },
};
