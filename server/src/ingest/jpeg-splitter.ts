/** One complete JPEG cut from a byte stream, with the size its SOF marker declares. */
export interface JpegImage {
  jpeg: Buffer;
  width: number;
  height: number;
}

const MARKER = 0xff;
const SOI = 0xd8;
const EOI = 0xd9;
const SOS = 0xda;
const SOI_AND_MARKER = Buffer.from([MARKER, SOI, MARKER]);
const DEFAULT_MAX_BYTES = 16 * 1024 * 1024;

/** Start-of-frame markers that carry the image size (C4 DHT, C8 JPG and CC DAC are not frames). */
const isStartOfFrame = (marker: number): boolean =>
  marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc;
const isAppOrComment = (marker: number): boolean => (marker >= 0xe0 && marker <= 0xef) || marker === 0xfe;
const isStandalone = (marker: number): boolean => (marker >= 0xd0 && marker <= 0xd7) || marker === 0x01;

type State = 'seek-soi' | 'markers' | 'entropy';

/**
 * Splits a concatenated MJPEG stream (ffmpeg image2pipe) into JPEGs by walking the marker segments,
 * so an EOI inside an embedded thumbnail or a 0xFFD9 in segment data never cuts an image short.
 * Garbage between images is skipped; a malformed image is dropped and the splitter resyncs on the next SOI.
 */
export class JpegSplitter {
  private buffer: Buffer = Buffer.alloc(0);
  /** Scan position inside the image that starts at buffer[0] (once an SOI was found). */
  private pos = 0;
  private state: State = 'seek-soi';
  private width = 0;
  private height = 0;
  private droppedCount = 0;

  constructor(private readonly maxBytes = DEFAULT_MAX_BYTES) {}

  /** Images dropped so far because they were malformed, too large or had no frame header. */
  get dropped(): number {
    return this.droppedCount;
  }

  push(chunk: Uint8Array): JpegImage[] {
    this.buffer = this.buffer.length === 0 ? Buffer.from(chunk) : Buffer.concat([this.buffer, chunk]);
    const images: JpegImage[] = [];
    for (;;) {
      const progressed = this.step(images);
      if (!progressed) break;
    }
    if (this.state !== 'seek-soi' && this.buffer.length > this.maxBytes) this.resync(1);
    return images;
  }

  /** Advances the state machine; false when it needs more bytes. */
  private step(images: JpegImage[]): boolean {
    switch (this.state) {
      case 'seek-soi':
        return this.seekStart();
      case 'markers':
        return this.readMarker(images);
      case 'entropy':
        return this.skipEntropyData();
    }
  }

  private seekStart(): boolean {
    let at = this.buffer.indexOf(MARKER);
    while (at !== -1 && at + 1 < this.buffer.length && this.buffer[at + 1] !== SOI) at = this.buffer.indexOf(MARKER, at + 1);
    if (at === -1) {
      this.buffer = Buffer.alloc(0);
      return false;
    }
    this.buffer = this.buffer.subarray(at);
    if (this.buffer.length < 2) return false;
    this.pos = 2;
    this.width = 0;
    this.height = 0;
    this.state = 'markers';
    return true;
  }

  private readMarker(images: JpegImage[]): boolean {
    const buf = this.buffer;
    while (this.pos < buf.length && buf[this.pos] === MARKER && buf[this.pos + 1] === MARKER) this.pos += 1;
    if (this.pos + 2 > buf.length) return false;
    if (buf[this.pos] !== MARKER) return this.resync(1);
    const marker = buf[this.pos + 1] ?? 0;
    if (marker === EOI) {
      this.emit(this.pos + 2, images);
      return true;
    }
    if (marker === SOI) return this.resync(this.pos);
    if (isStandalone(marker)) {
      this.pos += 2;
      return true;
    }
    if (this.pos + 4 > buf.length) return false;
    const length = buf.readUInt16BE(this.pos + 2);
    if (length < 2) return this.resync(1);
    const nested = isAppOrComment(marker) ? -1 : this.findSoi(this.pos + 2, this.pos + 2 + length);
    if (nested !== -1) return this.resync(nested);
    if (this.pos + 2 + length > buf.length) return false;
    if (isStartOfFrame(marker) && length >= 7) {
      this.height = buf.readUInt16BE(this.pos + 5);
      this.width = buf.readUInt16BE(this.pos + 7);
    }
    this.pos += 2 + length;
    if (marker === SOS) this.state = 'entropy';
    return true;
  }

  /** Entropy-coded data ends at the first marker that is neither stuffing (FF00) nor a restart (FFD0–FFD7). */
  private skipEntropyData(): boolean {
    const buf = this.buffer;
    let at = buf.indexOf(MARKER, this.pos);
    while (at !== -1) {
      if (at + 1 >= buf.length) {
        this.pos = at;
        return false;
      }
      const next = buf[at + 1] ?? 0;
      if (next === 0x00 || (next >= 0xd0 && next <= 0xd7)) at = buf.indexOf(MARKER, at + 2);
      else if (next === MARKER) at += 1;
      else {
        this.pos = at;
        this.state = 'markers';
        return true;
      }
    }
    this.pos = buf.length;
    return false;
  }

  /**
   * An SOI followed by a marker inside a table or header segment means the image was cut short and a new
   * one began (APPn and COM may legitimately embed whole thumbnails, so they are not searched).
   */
  private findSoi(from: number, to: number): number {
    const at = this.buffer.indexOf(SOI_AND_MARKER, from);
    return at !== -1 && at < Math.min(to, this.buffer.length) ? at : -1;
  }

  private emit(end: number, images: JpegImage[]): void {
    if (this.width > 0 && this.height > 0) {
      images.push({ jpeg: Buffer.from(this.buffer.subarray(0, end)), width: this.width, height: this.height });
    } else {
      this.droppedCount += 1;
    }
    this.buffer = this.buffer.subarray(end);
    this.state = 'seek-soi';
  }

  /** Drops the current image and looks for the next SOI from `from` on. */
  private resync(from: number): boolean {
    this.droppedCount += 1;
    this.buffer = this.buffer.subarray(Math.min(from, this.buffer.length));
    this.state = 'seek-soi';
    return true;
  }
}
