import { describe, expect, it } from 'vitest';
import { decideRange } from './http-range.js';

describe('decideRange', () => {
  it('serves the whole file without a Range header', () => {
    expect(decideRange(undefined, 100)).toEqual({ kind: 'full' });
  });

  it('reads a closed range', () => {
    expect(decideRange('bytes=0-9', 100)).toEqual({ kind: 'partial', start: 0, end: 9 });
    expect(decideRange('bytes=10-10', 100)).toEqual({ kind: 'partial', start: 10, end: 10 });
  });

  it('reads an open range to the end and clips a range that runs past it', () => {
    expect(decideRange('bytes=90-', 100)).toEqual({ kind: 'partial', start: 90, end: 99 });
    expect(decideRange('bytes=50-500', 100)).toEqual({ kind: 'partial', start: 50, end: 99 });
  });

  it('reads a suffix range, capped at the file size', () => {
    expect(decideRange('bytes=-10', 100)).toEqual({ kind: 'partial', start: 90, end: 99 });
    expect(decideRange('bytes=-500', 100)).toEqual({ kind: 'partial', start: 0, end: 99 });
  });

  it('refuses ranges that start past the end or are malformed', () => {
    expect(decideRange('bytes=100-', 100)).toEqual({ kind: 'unsatisfiable' });
    expect(decideRange('bytes=200-300', 100)).toEqual({ kind: 'unsatisfiable' });
    expect(decideRange('bytes=9-3', 100)).toEqual({ kind: 'unsatisfiable' });
    expect(decideRange('bytes=-0', 100)).toEqual({ kind: 'unsatisfiable' });
    expect(decideRange('bytes=-', 100)).toEqual({ kind: 'unsatisfiable' });
    expect(decideRange('bytes=abc', 100)).toEqual({ kind: 'unsatisfiable' });
    expect(decideRange('garbage', 100)).toEqual({ kind: 'unsatisfiable' });
    expect(decideRange('bytes=0-1', 0)).toEqual({ kind: 'unsatisfiable' });
  });

  it('serves the whole file for another unit or several ranges', () => {
    expect(decideRange('items=0-1', 100)).toEqual({ kind: 'full' });
    expect(decideRange('bytes=0-1, 5-9', 100)).toEqual({ kind: 'full' });
  });
});
