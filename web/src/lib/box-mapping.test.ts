import { describe, expect, it } from 'vitest';
import { boxToRect, labelAnchor } from './box-mapping.js';

describe('mapping 0–1000 boxes onto the displayed image', () => {
  it('scales each axis by the displayed size', () => {
    expect(boxToRect({ x1: 100, y1: 250, x2: 500, y2: 750, label: 'person' }, 640, 360)).toEqual({ x: 64, y: 90, width: 256, height: 180 });
  });

  it('puts swapped corners right and clamps to the image', () => {
    expect(boxToRect({ x1: 1200, y1: 500, x2: 900, y2: -20, label: 'x' }, 1000, 500)).toEqual({ x: 900, y: 0, width: 100, height: 250 });
  });

  it('gives an empty rectangle for a degenerate box', () => {
    expect(boxToRect({ x1: 300, y1: 300, x2: 300, y2: 300, label: 'x' }, 200, 100)).toEqual({ x: 60, y: 30, width: 0, height: 0 });
  });

  it('places the label above the box, or inside when the box touches the top', () => {
    expect(labelAnchor({ x: 10, y: 50, width: 20, height: 20 }, 16)).toEqual({ x: 12, y: 46 });
    expect(labelAnchor({ x: 10, y: 5, width: 20, height: 20 }, 16)).toEqual({ x: 12, y: 21 });
  });
});
