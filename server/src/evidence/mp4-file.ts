import { open } from 'node:fs/promises';
import { movieDurationMs, parseBoxHeader, type Mp4Box } from './mp4-atoms.js';

const MAX_MOOV_BYTES = 64 * 1024 * 1024;

export interface Mp4Layout {
  /** Top-level boxes in file order (e.g. ftyp, moov, mdat once faststart moved the index forward). */
  boxes: Mp4Box[];
  durationMs: number | null;
}

/** Reads an MP4's top-level layout and duration without loading the media data. */
export async function readMp4Layout(path: string): Promise<Mp4Layout> {
  const handle = await open(path, 'r');
  try {
    const { size: fileSize } = await handle.stat();
    const boxes: Mp4Box[] = [];
    let durationMs: number | null = null;
    const header = Buffer.alloc(16);
    for (let offset = 0; offset + 8 <= fileSize; ) {
      const { bytesRead } = await handle.read(header, 0, 16, offset);
      const box = parseBoxHeader(header.subarray(0, bytesRead), offset, fileSize);
      if (!box) break;
      boxes.push(box);
      if (box.type === 'moov' && box.size <= MAX_MOOV_BYTES) {
        const moov = Buffer.alloc(box.size);
        await handle.read(moov, 0, box.size, offset);
        durationMs = movieDurationMs(moov);
      }
      offset += box.size;
    }
    return { boxes, durationMs };
  } finally {
    await handle.close();
  }
}
