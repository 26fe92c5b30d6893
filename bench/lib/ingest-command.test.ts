import { describe, expect, it } from 'vitest';
import type { Camera } from '../../server/src/domain/index.js';
import { buildFfmpegArgs, type FfmpegArgsOptions } from '../../server/src/ingest/ffmpeg-args.js';
import { describeIngestArgs } from './ingest-command.js';

const camera = (id: string, url: string): Camera => ({ id, name: id, url, sample: { fps: 2, maxSide: 640 }, zones: [], rtspTransport: 'tcp', enabled: true, source: 'api' });
const options = (id: string): FfmpegArgsOptions => ({ segmentDir: `/tmp/vigil-bench-x/data/segments/${id}`, segmentPrefix: 'r1-abc', segmentSeconds: 2, ioTimeoutMs: 5000 });
const rtpInput = { codec: 'H264' as const, payloadType: 96, clockRate: 90_000, fmtp: 'packetization-mode=1', port: 40_000 };
const liveRtp = { host: '127.0.0.1', port: 41_000, ssrc: 1234 };

describe('describeIngestArgs', () => {
  it('tells an RTSP ingest and its camera from Vigil\'s own command line', () => {
    expect(describeIngestArgs(buildFfmpegArgs(camera('rtsp-1', 'rtsp://127.0.0.1:8554/cam-1'), options('rtsp-1'))))
      .toEqual({ cameraId: 'rtsp-1', input: 'rtsp' });
  });

  it('tells a WHIP ingest (RTP described by an SDP), also with the live-view tee', () => {
    const whip = camera('whip-2', 'whip://whip-2');
    expect(describeIngestArgs(buildFfmpegArgs(whip, { ...options('whip-2'), rtpInput }))).toEqual({ cameraId: 'whip-2', input: 'whip' });
    expect(describeIngestArgs(buildFfmpegArgs(whip, { ...options('whip-2'), rtpInput, liveRtp }))).toEqual({ cameraId: 'whip-2', input: 'whip' });
  });

  it('says other for a line with another input or none', () => {
    expect(describeIngestArgs(['ffmpeg', '-i', 'clip.mp4', '-c', 'copy', 'out.mp4'])).toEqual({ cameraId: null, input: 'other' });
    expect(describeIngestArgs([])).toEqual({ cameraId: null, input: 'other' });
  });
});
