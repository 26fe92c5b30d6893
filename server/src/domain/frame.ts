/**
 * A sampled colour frame as ffmpeg decoded and scaled it: raw YUV 4:2:0 planar (I420: the Y plane, then U, then
 * V at half size each way). It is encoded to JPEG only when someone needs one (a snapshot, a model call, a
 * viewer), so the common case, a frame that only passes through the window, costs no encoding.
 * Times are epoch milliseconds.
 */
export interface Frame {
  cameraId: string;
  ts: number;
  width: number;
  height: number;
  i420: Uint8Array;
}

/** Bytes of one I420 frame: width and height are even (ffmpeg's scale keeps them so). */
export const i420Bytes = (width: number, height: number): number => width * height + 2 * (width / 2) * (height / 2);

/** A tiny 8-bit gray frame for the pixel gate (motion, tamper). */
export interface GrayFrame {
  cameraId: string;
  ts: number;
  width: number;
  height: number;
  data: Uint8Array;
}

/** One stream-copied segment on disk, in the evidence ring. */
export interface Segment {
  cameraId: string;
  path: string;
  startTs: number;
  endTs: number;
}
