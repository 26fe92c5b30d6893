/** One raw picture cut from a YUV4MPEG2 stream. */
export interface Y4mPicture {
  width: number;
  height: number;
  i420: Uint8Array;
}

const SIGNATURE = 'YUV4MPEG2 ';
const FRAME_TAG = 'FRAME';
const NEWLINE = 0x0a;
/** A header or FRAME line longer than this is not YUV4MPEG2; give up instead of buffering forever. */
const MAX_LINE = 1024;

/**
 * Splits ffmpeg's `-f yuv4mpegpipe` output into pictures. The stream header carries the size and the colour
 * space, so the reader needs no out-of-band knowledge of the camera; only 4:2:0 (ffmpeg's C420*) is accepted.
 * Picture bytes are copied once, straight from the pipe's chunks into the picture's own buffer: at a few
 * hundred kilobytes a frame, every extra copy shows up as garbage-collector time.
 * A malformed stream throws: it comes from our own ffmpeg, so the ingest restarts it rather than guess.
 */
export class Y4mSplitter {
  /** Bytes of an unfinished header or FRAME line. */
  private line: Buffer = Buffer.alloc(0);
  private width = 0;
  private height = 0;
  private pictureBytes = 0;
  /** The picture being filled, and how much of it is. */
  private picture: Buffer | null = null;
  private filled = 0;

  push(chunk: Uint8Array): Y4mPicture[] {
    const data = Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    const pictures: Y4mPicture[] = [];
    let offset = 0;
    while (offset < data.length) {
      if (this.picture) {
        const take = Math.min(this.pictureBytes - this.filled, data.length - offset);
        data.copy(this.picture, this.filled, offset, offset + take);
        this.filled += take;
        offset += take;
        if (this.filled === this.pictureBytes) {
          pictures.push({ width: this.width, height: this.height, i420: this.picture });
          this.picture = null;
        }
        continue;
      }
      const end = data.indexOf(NEWLINE, offset);
      if (end === -1) {
        this.holdLine(data.subarray(offset));
        break;
      }
      const text = this.takeLine(data.subarray(offset, end));
      offset = end + 1;
      if (this.pictureBytes === 0) {
        this.readStreamHeader(text);
        continue;
      }
      if (!text.startsWith(FRAME_TAG)) throw new Error(`YUV4MPEG2 stream out of step: expected FRAME, got "${text.slice(0, 40)}"`);
      this.picture = Buffer.allocUnsafeSlow(this.pictureBytes);
      this.filled = 0;
    }
    return pictures;
  }

  /** Bytes of an incomplete header or picture still waiting for the rest. */
  get buffered(): number {
    return this.line.length + (this.picture ? this.filled : 0);
  }

  private holdLine(part: Buffer): void {
    if (this.line.length + part.length > MAX_LINE) throw new Error('YUV4MPEG2 header line too long');
    this.line = Buffer.concat([this.line, part]);
  }

  private takeLine(rest: Buffer): string {
    if (this.line.length + rest.length > MAX_LINE) throw new Error('YUV4MPEG2 header line too long');
    const whole = this.line.length > 0 ? Buffer.concat([this.line, rest]) : rest;
    this.line = Buffer.alloc(0);
    return whole.toString('latin1');
  }

  private readStreamHeader(text: string): void {
    if (!text.startsWith(SIGNATURE)) throw new Error(`not a YUV4MPEG2 stream: "${text.slice(0, 40)}"`);
    const params = text.slice(SIGNATURE.length).split(' ');
    const value = (tag: string) => params.find((p) => p.startsWith(tag))?.slice(1);
    const width = Number(value('W'));
    const height = Number(value('H'));
    const colour = value('C') ?? '420jpeg';
    if (!Number.isInteger(width) || !Number.isInteger(height) || width <= 0 || height <= 0 || width % 2 || height % 2) {
      throw new Error(`YUV4MPEG2 header has no usable even size: "${text}"`);
    }
    if (!colour.startsWith('420')) throw new Error(`YUV4MPEG2 colour space C${colour} is not 4:2:0`);
    this.width = width;
    this.height = height;
    this.pictureBytes = width * height * 1.5;
  }
}
