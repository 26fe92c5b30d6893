import { invalidInput } from '../domain/index.js';

export interface FrameSize {
  readonly width: number;
  readonly height: number;
}

/** "640x360" → { width: 640, height: 360 }; both even (H.264 4:2:0) and between 16 and 4096. */
export function parseFrameSize(text: string): FrameSize {
  const match = /^(\d+)x(\d+)$/i.exec(text.trim());
  const width = Number(match?.[1]);
  const height = Number(match?.[2]);
  const valid = (value: number) => Number.isInteger(value) && value >= 16 && value <= 4096 && value % 2 === 0;
  if (!match || !valid(width) || !valid(height)) {
    throw invalidInput(`size must look like 640x360 (even numbers, 16 to 4096), got "${text}"`);
  }
  return { width, height };
}
