import { describe, expect, it } from 'vitest';
import { descriptorsNeeded, parseOpenFilesLimit } from './open-files.js';

const limits = (line: string) => `Limit                     Soft Limit           Hard Limit           Units     
Max cpu time              unlimited            unlimited            seconds   
${line}
Max processes             95657                95657                processes 
`;

describe('open-files limit', () => {
  it('reads soft and hard limits from /proc/<pid>/limits', () => {
    expect(parseOpenFilesLimit(limits('Max open files            1024                 524288               files     '))).toEqual({ soft: 1024, hard: 524288 });
  });

  it('reads "unlimited" as Infinity', () => {
    expect(parseOpenFilesLimit(limits('Max open files            unlimited            unlimited            files     '))).toEqual({ soft: Infinity, hard: Infinity });
  });

  it('returns null without the line', () => {
    expect(parseOpenFilesLimit('Limit Soft Limit Hard Limit Units\n')).toBeNull();
  });

  it('asks for a margin above one descriptor per socket', () => {
    expect(descriptorsNeeded(500)).toBeGreaterThan(500);
  });
});
