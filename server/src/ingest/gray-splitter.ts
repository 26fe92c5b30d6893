/** Cuts a raw video byte stream into frames of exactly `frameBytes` bytes (8-bit gray: width × height). */
export class GraySplitter {
  private pending: Buffer[] = [];
  private pendingBytes = 0;

  constructor(readonly frameBytes: number) {
    if (!Number.isInteger(frameBytes) || frameBytes <= 0) throw new RangeError(`frameBytes must be a positive integer, got ${frameBytes}`);
  }

  push(chunk: Uint8Array): Uint8Array[] {
    if (chunk.length === 0) return [];
    this.pending.push(Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength));
    this.pendingBytes += chunk.length;
    if (this.pendingBytes < this.frameBytes) return [];
    const all = this.pending.length === 1 ? (this.pending[0] as Buffer) : Buffer.concat(this.pending, this.pendingBytes);
    const frames: Uint8Array[] = [];
    let offset = 0;
    for (; offset + this.frameBytes <= all.length; offset += this.frameBytes) {
      frames.push(new Uint8Array(all.subarray(offset, offset + this.frameBytes)));
    }
    const rest = all.subarray(offset);
    this.pending = rest.length > 0 ? [Buffer.from(rest)] : [];
    this.pendingBytes = rest.length;
    return frames;
  }

  /** Bytes of an incomplete frame still waiting for the rest. */
  get buffered(): number {
    return this.pendingBytes;
  }
}
