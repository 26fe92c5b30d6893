import { describe, expect, it } from 'vitest';
import { resolveFfmpegPath, resolveFfprobePath } from './ffmpeg-path.js';

const only = (...paths: string[]) => (path: string) => paths.includes(path);

describe('resolveFfmpegPath', () => {
  it('prefers FFMPEG_PATH, then /usr/bin/ffmpeg, then PATH', () => {
    expect(resolveFfmpegPath({ FFMPEG_PATH: '/opt/ff/ffmpeg' }, only('/opt/ff/ffmpeg', '/usr/bin/ffmpeg'))).toBe('/opt/ff/ffmpeg');
    expect(resolveFfmpegPath({ PATH: '/a:/b' }, only('/usr/bin/ffmpeg', '/b/ffmpeg'))).toBe('/usr/bin/ffmpeg');
    expect(resolveFfmpegPath({ PATH: '/a::/b' }, only('/b/ffmpeg'))).toBe('/b/ffmpeg');
  });

  it('says what to do when there is none', () => {
    expect(() => resolveFfmpegPath({ FFMPEG_PATH: '/missing/ffmpeg' }, only())).toThrow(/FFMPEG_PATH is \/missing\/ffmpeg/);
    expect(() => resolveFfmpegPath({ PATH: '/a' }, only())).toThrow(/install ffmpeg .* or set FFMPEG_PATH/);
  });

  it('finds ffprobe beside ffmpeg', () => {
    expect(resolveFfprobePath({ PATH: '/b' }, only('/b/ffmpeg', '/b/ffprobe'))).toBe('/b/ffprobe');
    expect(() => resolveFfprobePath({ PATH: '/b' }, only('/b/ffmpeg'))).toThrow(/ffprobe not found/);
  });

  it('finds the real one on this machine', () => {
    expect(resolveFfmpegPath({ PATH: process.env.PATH })).toMatch(/ffmpeg$/);
  });
});
