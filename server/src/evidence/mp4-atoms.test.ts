import { describe, expect, it } from 'vitest';
import { listBoxes, movieDurationMs, parseBoxHeader } from './mp4-atoms.js';

function box(type: string, body: Buffer): Buffer {
  const header = Buffer.alloc(8);
  header.writeUInt32BE(8 + body.length, 0);
  header.write(type, 4, 'latin1');
  return Buffer.concat([header, body]);
}

function mvhdV0(timescale: number, duration: number): Buffer {
  const body = Buffer.alloc(100);
  body.writeUInt32BE(timescale, 12);
  body.writeUInt32BE(duration, 16);
  return box('mvhd', body);
}

function mvhdV1(timescale: number, duration: number): Buffer {
  const body = Buffer.alloc(112);
  body[0] = 1;
  body.writeUInt32BE(timescale, 20);
  body.writeBigUInt64BE(BigInt(duration), 24);
  return box('mvhd', body);
}

describe('mp4 boxes', () => {
  it('lists top-level boxes in file order', () => {
    const file = Buffer.concat([box('ftyp', Buffer.alloc(12)), box('moov', mvhdV0(1000, 10_134)), box('mdat', Buffer.alloc(50))]);
    expect(listBoxes(file).map((b) => [b.type, b.offset, b.size])).toEqual([
      ['ftyp', 0, 20],
      ['moov', 20, 116],
      ['mdat', 136, 58],
    ]);
  });

  it('reads a 64-bit box size and a size-0 box running to the end', () => {
    const large = Buffer.alloc(16);
    large.writeUInt32BE(1, 0);
    large.write('mdat', 4, 'latin1');
    large.writeBigUInt64BE(40n, 8);
    expect(parseBoxHeader(large, 0, 100)).toEqual({ type: 'mdat', offset: 0, size: 40, headerSize: 16 });
    const toEnd = Buffer.from([0, 0, 0, 0, 0x6d, 0x64, 0x61, 0x74]);
    expect(parseBoxHeader(toEnd, 60, 100)?.size).toBe(40);
  });

  it('stops at bytes that are not a box', () => {
    expect(parseBoxHeader(Buffer.from('\x00\x00\x00\x10\x00\x01\x02\x03', 'latin1'), 0, 100)).toBeNull();
    expect(parseBoxHeader(box('free', Buffer.alloc(10)), 0, 12)).toBeNull();
    expect(listBoxes(Buffer.concat([box('ftyp', Buffer.alloc(4)), Buffer.from('garbage!')]))).toHaveLength(1);
  });

  it('reads the movie duration from mvhd, version 0 and 1', () => {
    expect(movieDurationMs(box('moov', Buffer.concat([box('udta', Buffer.alloc(4)), mvhdV0(600, 6081)])))).toBeCloseTo(10_135);
    expect(movieDurationMs(box('moov', mvhdV1(90_000, 900_000)))).toBe(10_000);
    expect(movieDurationMs(box('moov', box('trak', Buffer.alloc(8))))).toBeNull();
    expect(movieDurationMs(box('free', mvhdV0(1000, 1)))).toBeNull();
  });
});
