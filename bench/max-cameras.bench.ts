import type { Benchmark } from './lib/result.js';

export const maxCameras: Benchmark = {
  name: 'max-cameras',
  title: 'max-cameras',
  async run() {
    throw new Error('not written yet');
  },
};
