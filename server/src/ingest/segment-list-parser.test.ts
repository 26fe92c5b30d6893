import { describe, expect, it } from 'vitest';
import { parseSegmentListLine, SegmentListParser } from './segment-list-parser.js';

describe('SegmentListParser', () => {
  it('emits an entry per complete CSV line, however the text is chunked', () => {
    const parser = new SegmentListParser();
    expect(parser.push('r1-000000.ts,0.000000,2.1333')).toEqual([]);
    expect(parser.push('33\nr1-000001.ts,2.133333,4.1')).toEqual([{ filename: 'r1-000000.ts', startSec: 0, endSec: 2.133333 }]);
    expect(parser.push(Buffer.from('33333\r\n'))).toEqual([{ filename: 'r1-000001.ts', startSec: 2.133333, endSec: 4.133333 }]);
  });

  it('unquotes quoted file names and skips malformed lines', () => {
    expect(parseSegmentListLine('"a,""b"".ts",1,3')).toEqual({ filename: 'a,"b".ts', startSec: 1, endSec: 3 });
    expect(parseSegmentListLine('x.ts,3,1')).toBeNull();
    expect(parseSegmentListLine('x.ts,abc,1')).toBeNull();
    expect(parseSegmentListLine('')).toBeNull();
  });
});
