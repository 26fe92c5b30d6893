/** One line of ffmpeg's segment list (`-segment_list_type csv`): a completed segment. */
export interface SegmentListEntry {
  filename: string;
  /** Stream time of the segment's first and last instant, in seconds. */
  startSec: number;
  endSec: number;
}

/** Parses the CSV segment list as it streams in (`filename,start,end` per line, filename quoted when needed). */
export class SegmentListParser {
  private partial = '';

  push(chunk: Uint8Array | string): SegmentListEntry[] {
    this.partial += typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8');
    const lines = this.partial.split('\n');
    this.partial = lines.pop() ?? '';
    const entries: SegmentListEntry[] = [];
    for (const line of lines) {
      const entry = parseSegmentListLine(line.replace(/\r$/, ''));
      if (entry) entries.push(entry);
    }
    return entries;
  }
}

export function parseSegmentListLine(line: string): SegmentListEntry | null {
  const match = /^("(?:[^"]|"")*"|[^,]*),([^,]+),([^,]+)$/.exec(line.trim());
  if (!match) return null;
  const rawName = match[1] ?? '';
  const filename = rawName.startsWith('"') ? rawName.slice(1, -1).replaceAll('""', '"') : rawName;
  const startSec = Number(match[2]);
  const endSec = Number(match[3]);
  if (filename.length === 0 || !Number.isFinite(startSec) || !Number.isFinite(endSec) || endSec < startSec) return null;
  return { filename, startSec, endSec };
}
