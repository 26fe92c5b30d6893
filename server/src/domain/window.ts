import type { Frame } from './frame.js';

/** The sampled frames of one camera over [start, end], oldest first; what a model looks at. */
export interface Window {
  cameraId: string;
  start: number;
  end: number;
  frames: Frame[];
}
