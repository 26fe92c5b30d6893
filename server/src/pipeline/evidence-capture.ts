import { VigilError } from '../domain/index.js';
import type { EvidenceCapture } from '../alerts/alert-service.js';
import { cutClip } from '../evidence/clip-cutter.js';
import { CLIP_LEAD_MS, CLIP_TAIL_MS } from '../evidence/clip-plan.js';
import { clipRelativePath, resolveInDataDir } from '../evidence/evidence-paths.js';
import { writeSnapshot } from '../evidence/snapshot.js';
import type { SegmentRing } from '../ingest/index.js';
import type { Metrics } from '../observability/metrics.js';
import { observeStage } from '../observability/metrics.js';
import type { EvidenceInput } from '../store/ports.js';
import type { FrameHistory } from './frame-history.js';
import { frameJpeg } from '../imaging/index.js';
import { SegmentWaiter } from './segment-waiter.js';

export interface EvidenceSettings {
  preRollMs: number;
  postRollMs: number;
  segmentMs: number;
}

/** Evidence for alerts, from the frames and segment rings of the running cameras. */
export class CameraEvidenceCapture implements EvidenceCapture {
  readonly segments = new SegmentWaiter();

  constructor(
    private readonly deps: {
      dataDir: string;
      ffmpegPath: string;
      settings: EvidenceSettings;
      frames: FrameHistory;
      ringOf: (cameraId: string) => SegmentRing | null;
      metrics: Metrics;
    },
  ) {}

  async snapshot(alertId: string, cameraId: string, ts: number): Promise<EvidenceInput | null> {
    const frame = this.deps.frames.nearest(cameraId, ts);
    if (!frame) return null;
    const started = Date.now();
    const written = await writeSnapshot({ dataDir: this.deps.dataDir, alertId, onsetTs: ts, jpeg: await frameJpeg(frame) });
    observeStage(this.deps.metrics, 'snapshot', started);
    return { kind: 'snapshot', mime: 'image/jpeg', ...written, startTs: frame.ts, endTs: frame.ts };
  }

  async clip(alertId: string, cameraId: string, onsetTs: number): Promise<EvidenceInput> {
    const { preRollMs, postRollMs, segmentMs } = this.deps.settings;
    const startTs = onsetTs - preRollMs;
    const endTs = onsetTs + postRollMs;
    // A segment completes when the next one starts, so the post-roll is on disk about one segment after endTs.
    // The cutter reads a little past both ends so stream-copied edge frames keep the frames they depend on.
    const untilTs = endTs + CLIP_TAIL_MS;
    await this.segments.waitFor(cameraId, untilTs, this.deps.ringOf(cameraId)?.latestEnd() ?? null, postRollMs + 3 * segmentMs + 5000);
    const ring = this.deps.ringOf(cameraId);
    const segments = ring ? ring.covering(startTs - CLIP_LEAD_MS, untilTs) : [];
    if (segments.length === 0) throw new VigilError('unavailable', `no recorded video of camera ${cameraId} around the alert`);
    const started = Date.now();
    const path = clipRelativePath(alertId, onsetTs);
    const clip = await cutClip({
      ffmpegPath: this.deps.ffmpegPath,
      segments: [...segments],
      startTs,
      endTs,
      outPath: resolveInDataDir(this.deps.dataDir, path),
    });
    observeStage(this.deps.metrics, 'clip', started);
    return { kind: 'clip', path, mime: 'video/mp4', bytes: clip.bytes, sha256: clip.sha256, startTs: clip.startTs, endTs: clip.endTs };
  }
}
