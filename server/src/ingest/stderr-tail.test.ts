import { describe, expect, it } from 'vitest';
import { StderrTail } from './stderr-tail.js';

describe('StderrTail', () => {
  it('keeps the last lines, redacted, including an unterminated one', () => {
    const tail = new StderrTail(['s3cret']);
    tail.push('one\ntwo\nrtsp://u:s3cret@cam/x: Conn');
    tail.push('ection refused\n');
    tail.push('partial line with s3cret');
    expect(tail.lines()).toEqual(['one', 'two', 'rtsp://***@cam/x: Connection refused', 'partial line with ***']);
  });

  it('hands out only the first lines of a run for logging', () => {
    const tail = new StderrTail();
    const logged = tail.push(Array.from({ length: 30 }, (_, i) => `line ${i}`).join('\n') + '\n');
    expect(logged).toHaveLength(21);
    expect(logged.at(-1)).toMatch(/not logged/);
    expect(tail.push('more\n')).toEqual([]);
    expect(tail.lines().at(-1)).toBe('more');
  });
});
