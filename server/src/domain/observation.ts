/** A box in Cosmos Reason 2's convention: normalised 0–1000, x right, y down. */
export interface Box {
  x1: number;
  y1: number;
  x2: number;
  y2: number;
  label: string;
}

/** What the reasoner answered about one hazard for one window. */
export interface Observation {
  cameraId: string;
  ts: number;
  hazard: string;
  present: boolean;
  confidence: number;
  boxes: Box[];
  span: { start: number; end: number } | null;
  reason: string;
  modelId: string;
  promptHash: string;
  frameTimes: number[];
}
