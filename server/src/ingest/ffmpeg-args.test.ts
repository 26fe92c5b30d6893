import { describe, expect, it } from 'vitest';
import type { Camera } from '../domain/index.js';
import { buildFfmpegArgs, GRAY_SIZE, PIPE_FDS } from './ffmpeg-args.js';

const camera = (url: string, overrides: Partial<Camera> = {}): Camera => ({
  id: 'dock-1',
  name: 'Dock 1',
  url,
  sample: { fps: 2, maxSide: 640 },
  zones: [],
  rtspTransport: 'tcp',
  enabled: true,
  source: 'config',
  ...overrides,
});
const opts = { segmentDir: '/data/segments/dock-1', segmentPrefix: 'r1-abc', segmentSeconds: 2, ioTimeoutMs: 5000 };

/** The value that follows `flag`, for each time the flag appears. */
const valuesOf = (args: string[], flag: string): string[] =>
  args.flatMap((arg, i) => (arg === flag && i + 1 < args.length ? [args[i + 1] as string] : []));
const inputPart = (args: string[]): string[] => args.slice(0, args.indexOf('-i') + 2);

describe('buildFfmpegArgs', () => {
  it('reads RTSP over TCP by default, with low-latency flags and socket timeouts', () => {
    const args = buildFfmpegArgs(camera('rtsp://viewer:pw@10.0.0.5:554/stream1'), opts);
    const input = inputPart(args);
    expect(valuesOf(input, '-rtsp_transport')).toEqual(['tcp']);
    expect(valuesOf(input, '-timeout')).toEqual(['5000000']);
    expect(input).not.toContain('-rw_timeout');
    expect(valuesOf(input, '-fflags')).toEqual(['nobuffer']);
    expect(valuesOf(input, '-flags')).toEqual(['low_delay']);
    expect(Number(valuesOf(input, '-probesize')[0])).toBeLessThanOrEqual(1_000_000);
    expect(Number(valuesOf(input, '-analyzeduration')[0])).toBeLessThanOrEqual(1_000_000);
    expect(valuesOf(input, '-i')).toEqual(['rtsp://viewer:pw@10.0.0.5:554/stream1']);
    expect(input).not.toContain('-re');
  });

  it('reads RTSP over UDP when the camera asks for it', () => {
    const args = buildFfmpegArgs(camera('rtsp://10.0.0.5/s', { rtspTransport: 'udp' }), opts);
    expect(valuesOf(inputPart(args), '-rtsp_transport')).toEqual(['udp']);
  });

  it('loops a file in real time', () => {
    const input = inputPart(buildFfmpegArgs(camera('file:///clips/dock.mp4'), opts));
    expect(valuesOf(input, '-stream_loop')).toEqual(['-1']);
    expect(input).toContain('-re');
    expect(valuesOf(input, '-i')).toEqual(['file:/clips/dock.mp4']);
  });

  it('stream-copies camera video into segments, never re-encoding it', () => {
    for (const url of ['rtsp://10.0.0.5/s', 'file:///clips/dock.mp4']) {
      const args = buildFfmpegArgs(camera(url), opts);
      expect(valuesOf(args, '-c:v').at(-1)).toBe('copy');
      expect(args).not.toContain('libx264');
    }
  });

  it('encodes a sim scene with libx264 (ultrafast, zerolatency, one keyframe per second)', () => {
    const args = buildFfmpegArgs(camera('sim://intrusion?fps=12'), opts);
    const input = inputPart(args);
    expect(input).toContain('-re');
    expect(valuesOf(input, '-f')).toEqual(['lavfi']);
    expect(valuesOf(input, '-i')[0]).toContain('[out0]');
    expect(valuesOf(args, '-c:v').at(-1)).toBe('libx264');
    expect(valuesOf(args, '-preset')).toEqual(['ultrafast']);
    expect(valuesOf(args, '-tune')).toEqual(['zerolatency']);
    expect(valuesOf(args, '-g')).toEqual(['12']);
  });

  it('writes raw colour frames, gray frames and the segment list to the extra pipes', () => {
    const args = buildFfmpegArgs(camera('rtsp://10.0.0.5/s'), opts);
    expect(args).toContain(`pipe:${PIPE_FDS.colour}`);
    expect(args).toContain(`pipe:${PIPE_FDS.gray}`);
    expect(valuesOf(args, '-segment_list')).toEqual([`pipe:${PIPE_FDS.segmentList}`]);
    expect(valuesOf(args, '-segment_list_type')).toEqual(['csv']);
    expect(valuesOf(args, '-f')).toEqual(['yuv4mpegpipe', 'rawvideo', 'segment']);
    expect(args).not.toContain('mjpeg');
    expect(valuesOf(args, '-segment_time')).toEqual(['2']);
    expect(valuesOf(args, '-segment_format')).toEqual(['mpegts']);
    expect(valuesOf(args, '-reset_timestamps')).toEqual(['1']);
    expect(args.at(-1)).toBe('/data/segments/dock-1/r1-abc-%06d.ts');
  });

  it('samples both streams at the configured rate, bounding the JPEG side without upscaling', () => {
    const args = buildFfmpegArgs(camera('rtsp://10.0.0.5/s', { sample: { fps: 0.5, maxSide: 480 } }), opts);
    const graph = valuesOf(args, '-filter_complex')[0] ?? '';
    expect(graph).toMatch(/^\[0:v:0\]select='isnan\(prev_selected_t\)\+gt\(trunc\(t\*0\.5\),trunc\(prev_selected_t\*0\.5\)\)',split=2/);
    expect(graph).toContain("w='min(480,iw)':h='min(480,ih)':force_original_aspect_ratio=decrease");
    expect(graph).toContain(`scale=${GRAY_SIZE.width}:${GRAY_SIZE.height}:flags=area,format=gray`);
  });

  it('escapes printf characters in the segment path', () => {
    const args = buildFfmpegArgs(camera('rtsp://10.0.0.5/s'), { ...opts, segmentDir: '/data/100%/cam' });
    expect(args.at(-1)).toBe('/data/100%%/cam/r1-abc-%06d.ts');
  });

  it('rejects sources ffmpeg does not read, without quoting credentials', () => {
    expect(() => buildFfmpegArgs(camera('whip://dock-1'), opts)).toThrow(/no publisher/);
    expect(() => buildFfmpegArgs(camera('http://admin:s3cret@cam/video'), opts)).toThrow(/unsupported/);
    try {
      buildFfmpegArgs(camera('http://admin:s3cret@cam/video'), opts);
    } catch (error) {
      expect(String(error)).not.toContain('s3cret');
    }
    expect(() => buildFfmpegArgs(camera('sim://fireworks'), opts)).toThrow(/unknown sim scene/);
  });

  describe('a WHIP camera', () => {
    const rtpInput = { codec: 'H264' as const, payloadType: 102, clockRate: 90000, fmtp: 'packetization-mode=1', port: 40100 };
    const sdpOf = (args: string[]) => {
      const url = valuesOf(args, '-i')[0] ?? '';
      expect(url.startsWith('data:application/sdp;base64,')).toBe(true);
      return Buffer.from(url.slice('data:application/sdp;base64,'.length), 'base64').toString('utf8');
    };

    it('reads the forwarded RTP through an SDP naming its codec, payload type and port', () => {
      const args = buildFfmpegArgs(camera('whip://phone-1'), { ...opts, rtpInput });
      expect(valuesOf(args, '-protocol_whitelist')).toEqual(['data,udp,rtp']);
      const sdp = sdpOf(args);
      expect(sdp).toContain('m=video 40100 RTP/AVP 102\r\n');
      expect(sdp).toContain('a=rtpmap:102 H264/90000\r\n');
      expect(sdp).toContain('a=fmtp:102 packetization-mode=1\r\n');
      expect(sdp).toContain('c=IN IP4 127.0.0.1\r\n');
      expect(valuesOf(args, '-c:v').at(-1)).toBe('copy');
    });

    it('encodes VP8 to H.264 with a keyframe a second, since segments carry H.264', () => {
      const args = buildFfmpegArgs(camera('whip://phone-1'), { ...opts, rtpInput: { ...rtpInput, codec: 'VP8', payloadType: 96, fmtp: '' } });
      expect(sdpOf(args)).toContain('a=rtpmap:96 VP8/90000');
      expect(sdpOf(args)).not.toContain('a=fmtp');
      expect(valuesOf(args, '-c:v').at(-1)).toBe('libx264');
      expect(valuesOf(args, '-force_key_frames')).toEqual(['expr:gte(t,n_forced*1)']);
    });
  });

  describe('with a live RTP copy', () => {
    const live = { ...opts, liveRtp: { host: '127.0.0.1', port: 41234, ssrc: 777 } };
    const teeOf = (args: string[]) => {
      expect(valuesOf(args, '-f').at(-1)).toBe('tee');
      expect(args.at(-2)).toBe('tee');
      const [segment, rtp, ...rest] = (args.at(-1) ?? '').split(/(?<!\\)\|/);
      expect(rest).toEqual([]);
      return { segment: segment ?? '', rtp: rtp ?? '' };
    };

    it('splits one copied stream into segments and RTP to the given port, SSRC and payload type 96', () => {
      const args = buildFfmpegArgs(camera('rtsp://viewer:pw@10.0.0.5/s'), live);
      expect(valuesOf(args, '-c:v').at(-1)).toBe('copy');
      expect(args).not.toContain('libx264');
      const { segment, rtp } = teeOf(args);
      expect(segment).toBe(
        '[f=segment:onfail=abort:segment_time=2:segment_format=mpegts:reset_timestamps=1:segment_list=pipe\\\\\\:5:segment_list_type=csv]' +
          '/data/segments/dock-1/r1-abc-%06d.ts',
      );
      expect(rtp).toBe('[f=rtp:onfail=ignore:ssrc=777:payload_type=96:bsfs/v=dump_extra]rtp://127.0.0.1:41234?pkt_size=65000&rtcpport=41234');
      // The camera's credentials stay in its input URL: the live copy is addressed to Vigil only.
      expect(args.filter((arg) => arg.includes('pw@'))).toEqual(['rtsp://viewer:pw@10.0.0.5/s']);
    });

    it('encodes a sim scene once for both', () => {
      const args = buildFfmpegArgs(camera('sim://intrusion?fps=12'), live);
      expect(args.filter((arg) => arg === 'libx264')).toHaveLength(1);
      expect(teeOf(args).rtp).toContain('bsfs/v=dump_extra');
    });

    it('sends a file as it is: its parameter sets may live in the container header', () => {
      const { rtp } = teeOf(buildFfmpegArgs(camera('file:///clips/dock.mp4'), live));
      expect(rtp).not.toContain('dump_extra');
      expect(rtp).toContain('ssrc=777');
    });

    it('escapes tee separators in the segment path', () => {
      const args = buildFfmpegArgs(camera('rtsp://10.0.0.5/s'), { ...live, segmentDir: "/data/a|b[c]:d'e" });
      expect(teeOf(args).segment.endsWith("]/data/a\\|b\\[c\\]\\:d\\'e/r1-abc-%06d.ts")).toBe(true);
    });
  });

  describe('with privacy masks', () => {
    const mask = { path: '/data/masks/dock-1.yuv', width: 320, height: 180 };
    const graphOf = (args: string[]) => valuesOf(args, '-filter_complex')[0] as string;

    it('reads the mask as a looped raw yuv420p second input', () => {
      const args = buildFfmpegArgs(camera('rtsp://10.0.0.5/s'), { ...opts, privacyMask: mask });
      expect(valuesOf(args, '-i')).toEqual(['rtsp://10.0.0.5/s', 'file:/data/masks/dock-1.yuv']);
      const maskInput = args.slice(args.indexOf('-i') + 2, args.lastIndexOf('-i'));
      expect(maskInput).toEqual(['-stream_loop', '-1', '-f', 'rawvideo', '-pix_fmt', 'yuv420p', '-video_size', '320x180']);
    });

    it('blurs, merges through the mask stretched to the picture, and only then samples and splits', () => {
      const graph = graphOf(buildFfmpegArgs(camera('rtsp://10.0.0.5/s'), { ...opts, privacyMask: mask })).split(';');
      expect(graph[0]).toBe('[0:v:0]format=yuv420p,split=2[orig][toblur]');
      expect(graph[1]).toMatch(/^\[toblur\]boxblur=.*\[blurred\]$/);
      expect(graph[2]).toBe('[1:v][orig]scale2ref=flags=bilinear[mask][base]');
      expect(graph[3]).toBe('[base][blurred][mask]maskedmerge,split=2[private][video]');
      expect(graph[4]).toMatch(/^\[private\]select=.*split=2\[colour\]\[mono\]$/);
      // Nothing else reads the camera's own picture.
      expect(graph.filter((chain) => chain.includes('[0:v:0]'))).toHaveLength(1);
    });

    it('encodes the masked picture for segments and live view (x264 ultrafast, zerolatency, a keyframe each second)', () => {
      for (const liveRtp of [undefined, { host: '127.0.0.1', port: 5004, ssrc: 7 }]) {
        const args = buildFfmpegArgs(camera('rtsp://10.0.0.5/s'), { ...opts, privacyMask: mask, ...(liveRtp ? { liveRtp } : {}) });
        expect(valuesOf(args, '-map')).toEqual(['[frames]', '[gray]', '[video]']);
        expect(args).not.toContain('0:v:0');
        expect(valuesOf(args, '-c:v').at(-1)).toBe('libx264');
        expect(valuesOf(args, '-preset')).toEqual(['ultrafast']);
        expect(valuesOf(args, '-tune')).toEqual(['zerolatency']);
        expect(valuesOf(args, '-force_key_frames')).toEqual(['expr:gte(t,n_forced*1)']);
      }
    });

    it('keeps a masked sim scene at one encode with its own keyframe interval', () => {
      const args = buildFfmpegArgs(camera('sim://intrusion?fps=12'), { ...opts, privacyMask: mask });
      expect(valuesOf(args, '-g')).toEqual(['12']);
      expect(valuesOf(args, '-map').at(-1)).toBe('[video]');
    });

    it('leaves an unmasked camera exactly as it was', () => {
      const args = buildFfmpegArgs(camera('rtsp://10.0.0.5/s'), opts);
      expect(valuesOf(args, '-i')).toHaveLength(1);
      expect(graphOf(args)).not.toContain('maskedmerge');
      expect(graphOf(args).startsWith('[0:v:0]select=')).toBe(true);
      expect(valuesOf(args, '-map').at(-1)).toBe('0:v:0');
    });
  });
});
