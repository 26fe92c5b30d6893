/** A box in Cosmos Reason 2's convention: normalised 0–1000, x right, y down. */
export interface Box {
  x1: number;
  y1: number;
  x2: number;
  y2: number;
  label: string;
}

/**
 * What the reasoner answered about one hazard for one window. `ts` is the newest frame the model saw (its boxes
 * are drawn on that frame); `span` and `frameTimes` are epoch milliseconds.
 */
export interface Observation {
  cameraId: string;
  ts: number;
  hazard: string;
  present: boolean;
  confidence: number;
  boxes: Box[];
  span: { start: number; end: number } | null;
  reason: string;
  /** The model's reasoning before its answer, when it gave any. */
  thinking: string | null;
  modelId: string;
  promptHash: string;
  frameTimes: number[];
}
