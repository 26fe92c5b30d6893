import { describe, expect, it } from 'vitest';
import { parseSdpTracks, resolveSetupTrack, sdpForReaders } from './sdp.js';

/** What ffmpeg 5.1 ANNOUNCEs for one H.264 stream. */
const ffmpegSdp = [
  'v=0',
  'o=- 0 0 IN IP4 127.0.0.1',
  's=No Name',
  'c=IN IP4 127.0.0.1',
  't=0 0',
  'a=tool:libavformat 59.27.100',
  'm=video 0 RTP/AVP 96',
  'b=AS:800',
  'a=rtpmap:96 H264/90000',
  'a=fmtp:96 packetization-mode=1; sprop-parameter-sets=Z0LAHtkAoC/5YQAAAwABAAADAB4PFi5I,aMuMsg==; profile-level-id=42C01E',
  'a=control:streamid=0',
  'm=audio 0 RTP/AVP 97',
  'a=rtpmap:97 MPEG4-GENERIC/48000/2',
  'a=control:streamid=1',
  '',
].join('\r\n');

describe('parseSdpTracks', () => {
  it('lists the control of each media section', () => {
    expect(parseSdpTracks(ffmpegSdp).controls).toEqual(['streamid=0', 'streamid=1']);
  });

  it('gives an empty control for a media section without one, and no tracks without media', () => {
    expect(parseSdpTracks('v=0\nm=video 0 RTP/AVP 96\n').controls).toEqual(['']);
    expect(parseSdpTracks('v=0\r\ns=x\r\n').controls).toEqual([]);
  });
});

describe('sdpForReaders', () => {
  it('replaces controls with trackID=N and adds an aggregate control, keeping everything else', () => {
    const sdp = sdpForReaders(ffmpegSdp);
    const lines = sdp.split('\r\n');
    expect(lines.filter((line) => line.startsWith('a=control:'))).toEqual([
      'a=control:*',
      'a=control:trackID=0',
      'a=control:trackID=1',
    ]);
    expect(lines.indexOf('a=control:*')).toBeLessThan(lines.indexOf('m=video 0 RTP/AVP 96'));
    expect(lines[lines.indexOf('m=video 0 RTP/AVP 96') + 1]).toBe('a=control:trackID=0');
    expect(sdp).toContain('sprop-parameter-sets=Z0LAHtkAoC/5YQAAAwABAAADAB4PFi5I,aMuMsg==');
    expect(sdp.endsWith('\r\n')).toBe(true);
  });
});

describe('resolveSetupTrack', () => {
  const controls = ['streamid=0', 'streamid=1'];

  it('matches relative controls against the path below the mount', () => {
    expect(resolveSetupTrack(controls, 'cam-1', 'cam-1/streamid=1')).toBe(1);
    expect(resolveSetupTrack(['trackID=0'], 'site/a/cam', 'site/a/cam/trackID=0')).toBe(0);
  });

  it('matches absolute control URLs', () => {
    expect(resolveSetupTrack(['rtsp://10.0.0.1:554/cam-1/video'], 'cam-1', 'cam-1/video')).toBe(0);
  });

  it('falls back to a trailing trackID/streamid number within range', () => {
    expect(resolveSetupTrack(['', ''], 'cam', 'cam/trackID=1')).toBe(1);
    expect(resolveSetupTrack(['', ''], 'cam', 'cam/trackID=2')).toBeUndefined();
  });

  it('accepts the bare mount URL only for a single-track stream', () => {
    expect(resolveSetupTrack(['streamid=0'], 'cam', 'cam')).toBe(0);
    expect(resolveSetupTrack(controls, 'cam', 'cam')).toBeUndefined();
  });
});
