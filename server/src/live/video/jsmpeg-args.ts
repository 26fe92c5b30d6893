export interface JsmpegArgsOptions {
  /** MPEG-1 bitrate, e.g. "800k". */
  bitrate: string;
  /** Output frame rate; JSMpeg plays MPEG-1 at a steady rate. */
  fps: number;
  /** Longest side of the output picture; larger cameras are scaled down (MPEG-1 decoding in the browser is CPU). */
  maxSide: number;
}

export const DEFAULT_JSMPEG: JsmpegArgsOptions = { bitrate: '800k', fps: 25, maxSide: 1280 };

/**
 * ffmpeg reading the relay's raw H.264 (Annex B) on stdin and writing MPEG-TS with MPEG-1 video on stdout, what
 * JSMpeg plays. Timestamps come from the wall clock: a raw H.264 stream carries none.
 */
export function jsmpegTranscoderArgs(options: JsmpegArgsOptions = DEFAULT_JSMPEG): string[] {
  const side = Math.max(16, Math.floor(options.maxSide));
  return [
    '-hide_banner', '-nostats', '-loglevel', 'error',
    '-fflags', 'nobuffer', '-flags', 'low_delay', '-use_wallclock_as_timestamps', '1',
    '-probesize', '262144', '-analyzeduration', '500000',
    '-f', 'h264', '-i', 'pipe:0',
    '-an', '-sn', '-dn',
    '-vf', `scale=w='min(${side},iw)':h='min(${side},ih)':force_original_aspect_ratio=decrease:force_divisible_by=2`,
    '-c:v', 'mpeg1video', '-b:v', options.bitrate, '-r', String(options.fps), '-bf', '0',
    '-f', 'mpegts', '-flush_packets', '1', 'pipe:1',
  ];
}
