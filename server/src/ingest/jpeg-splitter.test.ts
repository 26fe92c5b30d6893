import { describe, expect, it } from 'vitest';
import { JpegSplitter } from './jpeg-splitter.js';

const segment = (marker: number, payload: number[]): number[] => {
  const length = payload.length + 2;
  return [0xff, marker, length >> 8, length & 0xff, ...payload];
};

/** A structurally valid baseline JPEG: APP0 that quotes SOI/EOI bytes, SOF0, SOS, entropy data with stuffing and a restart marker. */
function fakeJpeg(width: number, height: number, entropy: number[] = [0x12, 0xff, 0x00, 0x34, 0xff, 0xd3, 0x56]): Buffer {
  return Buffer.from([
    0xff, 0xd8,
    ...segment(0xe0, [0x4a, 0x46, 0x49, 0x46, 0x00, 0xff, 0xd9, 0xff, 0xd8]),
    ...segment(0xdb, new Array<number>(65).fill(1)),
    ...segment(0xc0, [8, height >> 8, height & 0xff, width >> 8, width & 0xff, 1, 1, 0x11, 0]),
    ...segment(0xc4, new Array<number>(17).fill(0)),
    ...segment(0xda, [1, 1, 0, 0, 0x3f, 0]),
    ...entropy,
    0xff, 0xd9,
  ]);
}

const pushInChunks = (splitter: JpegSplitter, stream: Buffer, sizes: number[]) => {
  const out = [];
  let offset = 0;
  for (let i = 0; offset < stream.length; i += 1) {
    const size = sizes[i % sizes.length] ?? 1;
    out.push(...splitter.push(stream.subarray(offset, offset + size)));
    offset += size;
  }
  return out;
};

describe('JpegSplitter', () => {
  it('cuts one whole image and reads its size from SOF, ignoring EOI bytes inside segments', () => {
    const jpeg = fakeJpeg(640, 360);
    const images = new JpegSplitter().push(jpeg);
    expect(images).toHaveLength(1);
    expect(images[0]?.jpeg.equals(jpeg)).toBe(true);
    expect(images[0]).toMatchObject({ width: 640, height: 360 });
  });

  it('finds every image however the stream is chunked, skipping garbage between them', () => {
    const a = fakeJpeg(320, 180);
    const b = fakeJpeg(1280, 720, [0xff, 0xff, 0x00, 0x01]);
    const c = fakeJpeg(17, 9);
    const stream = Buffer.concat([Buffer.from('junk\xff\x00'), a, Buffer.from([0xff, 0xff, 0x42]), b, c]);
    for (const sizes of [[1], [7, 3, 64], [stream.length]]) {
      const images = pushInChunks(new JpegSplitter(), stream, sizes);
      expect(images.map((i) => [i.width, i.height])).toEqual([[320, 180], [1280, 720], [17, 9]]);
      expect(images[1]?.jpeg.equals(b)).toBe(true);
    }
  });

  it('drops an image cut short in its entropy data and resyncs on the next one', () => {
    const whole = fakeJpeg(64, 48);
    const truncated = fakeJpeg(32, 32).subarray(0, -4);
    const splitter = new JpegSplitter();
    const images = splitter.push(Buffer.concat([truncated, whole]));
    expect(images.map((i) => i.width)).toEqual([64]);
    expect(splitter.dropped).toBe(1);
  });

  it('recovers every later image after one cut short in a marker segment', () => {
    const whole = fakeJpeg(64, 48);
    const truncated = fakeJpeg(32, 32).subarray(0, 120);
    const images = pushInChunks(new JpegSplitter(), Buffer.concat([truncated, ...new Array<Buffer>(600).fill(whole)]), [4096]);
    expect(images).toHaveLength(600);
    expect(images.every((i) => i.width === 64 && i.jpeg.equals(whole))).toBe(true);
  });

  it('drops an image without a frame header', () => {
    const noFrame = Buffer.from([0xff, 0xd8, ...segment(0xe0, [1, 2, 3]), 0xff, 0xd9]);
    const splitter = new JpegSplitter();
    expect(splitter.push(Buffer.concat([noFrame, fakeJpeg(8, 8)])).map((i) => i.width)).toEqual([8]);
    expect(splitter.dropped).toBe(1);
  });

  it('gives up on an image that grows past the size bound', () => {
    const splitter = new JpegSplitter(1024);
    const endless = Buffer.concat([fakeJpeg(8, 8).subarray(0, -2), Buffer.alloc(4096, 0x11)]);
    expect(splitter.push(endless)).toEqual([]);
    expect(splitter.dropped).toBe(1);
    expect(splitter.push(fakeJpeg(16, 16)).map((i) => i.width)).toEqual([16]);
  });

  it('returns copies that stay intact when the input buffer is reused', () => {
    const input = Buffer.from(fakeJpeg(10, 10));
    const [image] = new JpegSplitter().push(input);
    input.fill(0);
    expect(image?.jpeg[0]).toBe(0xff);
  });
});
