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
 * A malformed stream throws: it comes from our own ffmpeg, so the ingest restarts it rather than guess.
 */
export class Y4mSplitter {
  private pending: Buffer[] = [];
  private pendingBytes = 0;
  private width = 0;
  private height = 0;
  private pictureBytes = 0;
  /** Bytes the next picture needs in all; chunks are only joined once they are all here. */
  private need = 0;

  push(chunk: Uint8Array): Y4mPicture[] {
    if (chunk.length === 0) return [];
    this.pending.push(Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength));
    this.pendingBytes += chunk.length;
    if (this.pendingBytes < this.need) return [];
    this.need = 0;
    let all = this.pending.length === 1 ? this.pending[0]! : Buffer.concat(this.pending, this.pendingBytes);
    const pictures: Y4mPicture[] = [];
    let offset = 0;
    for (;;) {
      if (this.pictureBytes === 0) {
        const header = readLine(all, offset);
        if (header === null) break;
        this.readStreamHeader(header.text);
        offset = header.next;
        continue;
      }
      const line = readLine(all, offset);
      if (line === null) break;
      if (!line.text.startsWith(FRAME_TAG)) throw new Error(`YUV4MPEG2 stream out of step: expected FRAME, got "${line.text.slice(0, 40)}"`);
      if (all.length - line.next < this.pictureBytes) {
        this.need = line.next - offset + this.pictureBytes;
        break;
      }
      const i420 = new Uint8Array(this.pictureBytes);
      i420.set(all.subarray(line.next, line.next + this.pictureBytes));
      pictures.push({ width: this.width, height: this.height, i420 });
      offset = line.next + this.pictureBytes;
    }
    all = all.subarray(offset);
    this.pending = all.length > 0 ? [all] : [];
    this.pendingBytes = all.length;
    return pictures;
  }

  /** Bytes of an incomplete header or picture still waiting for the rest. */
  get buffered(): number {
    return this.pendingBytes;
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

function readLine(buffer: Buffer, from: number): { text: string; next: number } | null {
  const end = buffer.indexOf(NEWLINE, from);
  if (end === -1) {
    if (buffer.length - from > MAX_LINE) throw new Error('YUV4MPEG2 header line too long');
    return null;
  }
  if (end - from > MAX_LINE) throw new Error('YUV4MPEG2 header line too long');
  return { text: buffer.toString('latin1', from, end), next: end + 1 };
}
