/** Just enough of the ISO BMFF (MP4) box layout to check a clip: top-level box order and the movie duration. */

export interface Mp4Box {
  type: string;
  /** Byte offset of the box header in the file. */
  offset: number;
  /** Whole box size in bytes, header included. */
  size: number;
  headerSize: number;
}

/**
 * Reads one box header from the first bytes at `offset` (at least 16 available, fewer at the end of a file).
 * Returns null when the bytes are not a valid header.
 */
export function parseBoxHeader(header: Buffer, offset: number, fileSize: number): Mp4Box | null {
  if (header.length < 8) return null;
  const size32 = header.readUInt32BE(0);
  const type = header.toString('latin1', 4, 8);
  if (!/^[\x20-\x7e]{4}$/.test(type)) return null;
  let size: number;
  let headerSize = 8;
  if (size32 === 1) {
    if (header.length < 16) return null;
    size = Number(header.readBigUInt64BE(8));
    headerSize = 16;
  } else if (size32 === 0) {
    size = fileSize - offset;
  } else {
    size = size32;
  }
  if (size < headerSize || offset + size > fileSize) return null;
  return { type, offset, size, headerSize };
}

/** The top-level boxes of an MP4 held whole in memory. */
export function listBoxes(data: Buffer, start = 0, end = data.length): Mp4Box[] {
  const boxes: Mp4Box[] = [];
  let offset = start;
  while (offset + 8 <= end) {
    const box = parseBoxHeader(data.subarray(offset, offset + 16), offset - start, end - start);
    if (!box) break;
    boxes.push({ ...box, offset });
    offset += box.size;
  }
  return boxes;
}

/** The presentation duration from a `moov` box's `mvhd`, in milliseconds; null when absent. */
export function movieDurationMs(moov: Buffer): number | null {
  const header = parseBoxHeader(moov.subarray(0, 16), 0, moov.length);
  if (header?.type !== 'moov') return null;
  const mvhd = listBoxes(moov, header.headerSize, header.size).find((box) => box.type === 'mvhd');
  if (!mvhd) return null;
  const body = moov.subarray(mvhd.offset + mvhd.headerSize, mvhd.offset + mvhd.size);
  const version = body[0];
  if (body.length < (version === 1 ? 32 : 20)) return null;
  const [timescale, duration] =
    version === 1
      ? [body.readUInt32BE(20), Number(body.readBigUInt64BE(24))]
      : [body.readUInt32BE(12), body.readUInt32BE(16)];
  return timescale > 0 ? (duration * 1000) / timescale : null;
}
