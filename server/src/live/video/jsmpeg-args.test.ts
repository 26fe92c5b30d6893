import { describe, expect, it } from 'vitest';
import { jsmpegTranscoderArgs } from './jsmpeg-args.js';

describe('jsmpegTranscoderArgs', () => {
  it('reads raw H.264 from stdin and writes MPEG-TS with MPEG-1 video to stdout', () => {
    const args = jsmpegTranscoderArgs({ bitrate: '600k', fps: 20, maxSide: 960 });
    const input = args.slice(0, args.indexOf('-i') + 2);
    expect(input.slice(-4)).toEqual(['-f', 'h264', '-i', 'pipe:0']);
    expect(input).toContain('-use_wallclock_as_timestamps');
    expect(args.join(' ')).toContain('-c:v mpeg1video -b:v 600k -r 20');
    expect(args.join(' ')).toContain("min(960,iw)");
    expect(args.slice(-3)).toEqual(['-flush_packets', '1', 'pipe:1']);
    expect(args[args.indexOf('pipe:1') - 3]).toBe('mpegts');
  });
});
