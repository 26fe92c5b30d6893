import { join } from 'node:path';
import { VigilError, type Camera } from '../domain/index.js';
import { parseCameraSource, type CameraSource } from './camera-source.js';
import { simSceneGraph } from './sim-scenes.js';
import { rtpInputSdp, sdpDataUrl, type RtpInputDescription } from './webrtc/rtp-input-sdp.js';

/** The extra stdio descriptors ffmpeg writes to (spawn with stdio [ignore, ignore, pipe, pipe, pipe, pipe]). */
export const PIPE_FDS = { colour: 3, gray: 4, segmentList: 5 } as const;

/** Gray frames for the pixel gate have a fixed size: zones are normalised, so the aspect change is harmless. */
export const GRAY_SIZE = { width: 160, height: 90 } as const;

export interface FfmpegArgsOptions {
  /** Folder the segments of this camera are written to. */
  segmentDir: string;
  /** Prefix of this run's segment file names, unique per ffmpeg run so a restart never overwrites a kept segment. */
  segmentPrefix: string;
  /** Target segment length; segments cut at the next keyframe after it. */
  segmentSeconds: number;
  /** RTSP socket timeout: a dead camera makes ffmpeg fail instead of hanging. */
  ioTimeoutMs: number;
  /** Where the live-view copy of the video goes as RTP; no live copy when absent. */
  liveRtp?: LiveRtpTarget;
  /** A pushed (WHIP) camera: what its forwarded RTP carries and the loopback port it arrives on. */
  rtpInput?: RtpInputDescription;
  /** The camera's privacy mask; when present, every output (frames, segments, live copy) is blurred under it. */
  privacyMask?: PrivacyMaskInput;
}

/** A raw yuv420p picture whose every plane is the mask (255: blur), written under DATA_DIR (privacy-mask-file.adapter). */
export interface PrivacyMaskInput {
  path: string;
  width: number;
  height: number;
}

/** A local UDP port Vigil listens on for a camera's live-view RTP, and the SSRC that names this run's stream. */
export interface LiveRtpTarget {
  host: string;
  port: number;
  /** 1 to 2^31-1 (ffmpeg's rtp muxer takes a signed int). */
  ssrc: number;
}

/** The full ffmpeg command line (without the binary) for one camera: one input, three outputs (four with live view). */
export function buildFfmpegArgs(camera: Camera, options: FfmpegArgsOptions): string[] {
  const source = parseCameraSource(camera);
  return [
    '-hide_banner',
    '-nostdin',
    '-nostats',
    '-loglevel',
    'error',
    ...inputArgs(source, options),
    ...(options.privacyMask ? maskInputArgs(options.privacyMask) : []),
    '-filter_complex',
    options.privacyMask
      ? `${privacyGraph()};${samplingGraph(camera.sample.fps, camera.sample.maxSide, '[private]')}`
      : samplingGraph(camera.sample.fps, camera.sample.maxSide, '[0:v:0]'),
    ...colourOutput(),
    ...grayOutput(),
    ...videoOutput(source, options),
  ];
}

function inputArgs(source: CameraSource, options: FfmpegArgsOptions): string[] {
  const lowDelay = ['-fflags', 'nobuffer', '-flags', 'low_delay'];
  switch (source.kind) {
    case 'rtsp': {
      // The RTSP demuxer's own socket timeout; it does not take the generic -rw_timeout (ffmpeg rejects it).
      return [
        '-rtsp_transport',
        source.transport,
        '-timeout',
        String(Math.round(options.ioTimeoutMs * 1000)),
        ...lowDelay,
        '-probesize',
        '500000',
        '-analyzeduration',
        '1000000',
        '-i',
        source.url,
      ];
    }
    case 'file':
      return ['-stream_loop', '-1', '-re', ...lowDelay, '-i', `file:${source.path}`];
    case 'sim':
      return ['-re', '-f', 'lavfi', '-i', simSceneGraph(source)];
    case 'whip': {
      if (!options.rtpInput) throw new VigilError('invalid_config', `whip://${source.name} has no publisher to read from`);
      // The SDP arrives as a data: URL; the RTP on the loopback port it names (RTCP on the next port).
      return ['-protocol_whitelist', 'data,udp,rtp', ...lowDelay, '-probesize', '500000', '-analyzeduration', '1000000', '-i', sdpDataUrl(rtpInputSdp(options.rtpInput))];
    }
  }
}

/**
 * The mask, looped so it never ends (a single picture would stall the graph once it ran out), as the second input.
 * `file:` keeps ffmpeg from reading anything in the path as a protocol.
 */
function maskInputArgs(mask: PrivacyMaskInput): string[] {
  return ['-stream_loop', '-1', '-f', 'rawvideo', '-pix_fmt', 'yuv420p', '-video_size', `${mask.width}x${mask.height}`, '-i', `file:${mask.path}`];
}

/**
 * Privacy masks: the decoded picture and a strongly blurred copy, merged through the mask stretched to the
 * picture's size, so the blurred copy shows only inside the masked regions. `[private]` feeds the sampling graph,
 * `[video]` the segments and the live copy (which are then encoded, not copied).
 */
function privacyGraph(): string {
  const blur = "boxblur=lr='min(w\\,h)/20':lp=2:cr='min(cw\\,ch)/20':cp=2";
  return [
    '[0:v:0]format=yuv420p,split=2[orig][toblur]',
    `[toblur]${blur}[blurred]`,
    '[1:v][orig]scale2ref=flags=bilinear[mask][base]',
    '[base][blurred][mask]maskedmerge,split=2[private][video]',
  ].join(';');
}

/** One decode, thinned to the sample rate, then split into the colour frames and the tiny gray frames. */
function samplingGraph(fps: number, maxSide: number, input: string): string {
  const side = Math.max(2, Math.floor(maxSide));
  const scaleDown = `scale=w='min(${side},iw)':h='min(${side},ih)':force_original_aspect_ratio=decrease:force_divisible_by=2`;
  // Thin to the sample rate before splitting, so both branches see only the sampled frames. `select` takes
  // the first frame of each 1/fps slot as soon as it is decoded (the fps filter decides only after seeing
  // later frames). ffmpeg 5.1 still passes each output frame on only when the next one reaches that output,
  // which at low sample rates is most of the onset-to-alert latency (BENCHMARKS.md, alert-latency).
  const sample = `select='isnan(prev_selected_t)+gt(trunc(t*${fps}),trunc(prev_selected_t*${fps}))'`;
  return [
    `${input}${sample},split=2[colour][mono]`,
    `[colour]${scaleDown},format=yuv420p[frames]`,
    `[mono]scale=${GRAY_SIZE.width}:${GRAY_SIZE.height}:flags=area,format=gray[gray]`,
  ].join(';');
}

/**
 * Sampled colour frames stay raw (YUV4MPEG2: a header with the size, then I420 pictures). Encoding every sampled
 * frame as JPEG cost about a quarter more CPU than decoding the camera; Vigil encodes only the frames it uses.
 */
function colourOutput(): string[] {
  return [
    '-map', '[frames]', '-fps_mode', 'passthrough', '-f', 'yuv4mpegpipe', '-flush_packets', '1', `pipe:${PIPE_FDS.colour}`,
  ];
}

function grayOutput(): string[] {
  return [
    '-map', '[gray]', '-fps_mode', 'passthrough', '-c:v', 'rawvideo', '-pix_fmt', 'gray',
    '-f', 'rawvideo', '-flush_packets', '1', `pipe:${PIPE_FDS.gray}`,
  ];
}

/**
 * Camera video is stream-copied, never re-encoded. Only what the evidence segments (MPEG-TS, cut into MP4 clips)
 * cannot carry is encoded to H.264: a sim scene, which has no encoder, VP8 from a WHIP publisher, and the blurred
 * picture of a camera with privacy masks.
 */
function videoCodec(source: CameraSource, options: FfmpegArgsOptions): string[] {
  const x264 = ['-c:v', 'libx264', '-preset', 'ultrafast', '-tune', 'zerolatency', '-pix_fmt', 'yuv420p', '-sc_threshold', '0'];
  if (source.kind === 'sim') {
    const gop = String(Math.round(source.params.fps));
    return [...x264, '-g', gop, '-keyint_min', gop];
  }
  if (options.privacyMask || (source.kind === 'whip' && options.rtpInput?.codec === 'VP8')) {
    // A keyframe every second, whatever the publisher's frame rate, so segments cut on time.
    return [...x264, '-force_key_frames', 'expr:gte(t,n_forced*1)'];
  }
  return ['-c:v', 'copy'];
}

function segmentPattern(options: FfmpegArgsOptions): string {
  return join(escapePercent(options.segmentDir), `${escapePercent(options.segmentPrefix)}-%06d.ts`);
}

const SEGMENT_OPTIONS = (options: FfmpegArgsOptions): Array<[string, string]> => [
  ['segment_time', String(options.segmentSeconds)],
  ['segment_format', 'mpegts'],
  ['reset_timestamps', '1'],
  ['segment_list', `pipe:${PIPE_FDS.segmentList}`],
  ['segment_list_type', 'csv'],
];

function videoOutput(source: CameraSource, options: FfmpegArgsOptions): string[] {
  const head = ['-map', options.privacyMask ? '[video]' : '0:v:0', ...videoCodec(source, options), '-an', '-sn', '-dn'];
  if (!options.liveRtp) {
    return [...head, '-f', 'segment', ...SEGMENT_OPTIONS(options).flatMap(([key, value]) => [`-${key}`, value]), segmentPattern(options)];
  }
  return [...head, '-f', 'tee', teeTargets(source, options, options.liveRtp)];
}

/**
 * Segments and the live RTP copy from one (copied or encoded) video stream: the tee muxer keeps a sim scene at
 * one x264 encode. The RTP slave may fail on its own (a codec RTP cannot carry) without stopping the segments.
 * dump_extra repeats the stream's parameter sets before each keyframe, so a viewer joining mid-stream can decode:
 * cameras often send SPS/PPS only in their RTSP SDP. A file's parameter sets may sit in an MP4 header (avcC), which
 * dump_extra would corrupt the keyframes with (tee hands the RTP muxer the pre-filter stream description), so a
 * file's RTP copy goes as it is: live view of a file needs parameter sets in the stream (MPEG-TS, Matroska).
 */
function teeTargets(source: CameraSource, options: FfmpegArgsOptions, live: LiveRtpTarget): string {
  const segmentSlave = [['f', 'segment'], ['onfail', 'abort'], ...SEGMENT_OPTIONS(options)]
    .map(([key, value]) => `${key}=${escapeTeeValue(value as string)}`)
    .join(':');
  const rtpSlave = ['f=rtp', 'onfail=ignore', `ssrc=${live.ssrc}`, 'payload_type=96', ...(source.kind === 'file' ? [] : ['bsfs/v=dump_extra'])].join(':');
  // RTCP sender reports go to the same port (Vigil drops them) rather than to port+1, which is not Vigil's.
  // The copy stays on loopback, which carries datagrams up to 65,507 bytes: at 65,000 most pictures are one
  // packet instead of dozens of 1,200-byte fragments, and Vigil cuts them to WebRTC's size only for a viewer.
  const rtpUrl = `rtp://${live.host}:${live.port}?pkt_size=65000&rtcpport=${live.port}`;
  return `[${segmentSlave}]${escapeTeeToken(segmentPattern(options))}|[${rtpSlave}]${rtpUrl}`;
}

/** The segment muxer reads its file name as a printf pattern. */
const escapePercent = (text: string): string => text.replaceAll('%', '%%');

/** The tee muxer unescapes its target list once when splitting slaves, and option values once more. */
const escapeTeeToken = (text: string): string => text.replace(/[\\':|[\]=]/g, (c) => `\\${c}`);
const escapeTeeValue = (text: string): string => escapeTeeToken(escapeTeeToken(text));
