/** A sampled colour frame as JPEG, as the model and snapshots see it. Times are epoch milliseconds. */
export interface Frame {
  cameraId: string;
  ts: number;
  width: number;
  height: number;
  jpeg: Buffer;
}

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
