import { describe, expect, it } from 'vitest';
import { Y4mSplitter } from './y4m-splitter.js';

const header = (extra = 'C420jpeg') => Buffer.from(`YUV4MPEG2 W4 H2 F2:1 Ip A1:1 ${extra} XYSCSS=420JPEG\n`);
const picture = (fill: number) => Buffer.concat([Buffer.from('FRAME\n'), Buffer.alloc(12, fill)]);

describe('Y4mSplitter', () => {
  it('reads the size from the stream header and cuts whole pictures', () => {
    const splitter = new Y4mSplitter();
    const pictures = splitter.push(Buffer.concat([header(), picture(1), picture(2)]));
    expect(pictures.map((p) => [p.width, p.height, p.i420.length, p.i420[0]])).toEqual([
      [4, 2, 12, 1],
      [4, 2, 12, 2],
    ]);
    expect(splitter.buffered).toBe(0);
  });

  it('joins pictures split at any byte', () => {
    const stream = Buffer.concat([header(), picture(7), picture(8), picture(9)]);
    for (const size of [1, 2, 5, 13, 64]) {
      const splitter = new Y4mSplitter();
      const fills: number[] = [];
      for (let offset = 0; offset < stream.length; offset += size) {
        for (const p of splitter.push(stream.subarray(offset, offset + size))) fills.push(p.i420[11]!);
      }
      expect(fills, `chunks of ${size}`).toEqual([7, 8, 9]);
    }
  });

  it('takes FRAME lines with parameters', () => {
    const splitter = new Y4mSplitter();
    const pictures = splitter.push(Buffer.concat([header(), Buffer.from('FRAME Ip\n'), Buffer.alloc(12, 3)]));
    expect(pictures).toHaveLength(1);
  });

  it('refuses what is not 4:2:0 YUV4MPEG2, naming the problem', () => {
    expect(() => new Y4mSplitter().push(Buffer.from('\xff\xd8\xff\xe0 jpeg\n', 'latin1'))).toThrow(/not a YUV4MPEG2 stream/);
    expect(() => new Y4mSplitter().push(header('C444'))).toThrow(/C444 is not 4:2:0/);
    expect(() => new Y4mSplitter().push(Buffer.from('YUV4MPEG2 W3 H2\n'))).toThrow(/no usable even size/);
    expect(() => new Y4mSplitter().push(Buffer.concat([header(), Buffer.from('GARBAGE\n')]))).toThrow(/expected FRAME/);
    expect(() => new Y4mSplitter().push(Buffer.alloc(2000, 0x41))).toThrow(/line too long/);
  });
});
