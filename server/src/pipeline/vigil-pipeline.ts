import type { SiteConfig } from '../config/index.js';
import { TypedEvents, type Camera, type CameraStatus, type Frame, type GrayFrame, type RuleHit, type Segment, type Signal } from '../domain/index.js';
import { AlertService } from '../alerts/alert-service.js';
import { recordedAlerts } from '../alerts/recorded-alerts.js';
import type { AuditLog } from '../audit/audit-log.js';
import { recordAudit } from '../audit/audit-service.js';
import { createCameraIngest, type LiveRtpTarget, type PublishedStreams } from '../ingest/index.js';
import type { Logger } from '../observability/logger.js';
import { observeStage, type Metrics } from '../observability/metrics.js';
import { RuleEvaluator } from '../rules/index.js';
import { RulesFolder, type RuleSetUpdate } from '../rules/rules-folder.adapter.js';
import type { AlertRepository, AlertWithHistory, Store } from '../store/ports.js';
import { PixelGate, RollingWindow } from '../windows/index.js';
import { hazardQuestionsFor } from '../reasoning/hazard-questions.js';
import type { Reasoner } from '../reasoning/reasoner.js';
import { ReasoningStage, type CameraQuestions, type ReasoningHealth, type WindowLogEntry } from '../reasoning/reasoning-stage.js';
import type { SchedulerSettingsInput } from '../reasoning/scheduler/index.js';
import type { WindowAnalyzer } from '../reasoning/window-analyzer.js';
import { CameraFleet } from './camera-fleet.js';
import { CameraEvidenceCapture } from './evidence-capture.js';
import { FrameHistory } from './frame-history.js';
import { rulesAuditEntries, type RulesAuditState } from './rules-audit.js';
import { configCameras, siteContextOf } from './site-context.js';

export interface PipelineOptions {
  config: SiteConfig;
  rulesDir: string;
  dataDir: string;
  ffmpegPath: string;
  store: Store;
  logger: Logger;
  metrics: Metrics;
  /** How often time-based rule transitions (offline for N s, clearAfter) are checked. */
  tickMs?: number;
  /** Live video: where each ingest run sends its RTP copy; told when a camera goes. */
  liveVideo?: { rtpTarget(cameraId: string): LiveRtpTarget; forget(cameraId: string): Promise<void> };
  /** Publishers of pushed (whip://) cameras; without it those cameras stay offline. */
  published?: PublishedStreams & { forget(cameraId: string): Promise<void> };
  /** Hazard reasoning; without it hazard rules wait and pixel rules run alone. */
  reasoning?: { reasoner: Reasoner; analyzer: WindowAnalyzer; scheduler: SchedulerSettingsInput };
  /** Where changes are recorded (alert actions, cameras, zones, rule reloads); absent: nothing is audited. */
  audit?: AuditLog;
  /** Writes a signed manifest of an alert's evidence once evidence is added; absent: no manifests. */
  sealEvidence?: (alertId: string) => Promise<AlertWithHistory>;
}

type PipelineEventMap = {
  status: (status: CameraStatus) => void;
  rules: (update: RuleSetUpdate) => void;
};

/**
 * The per-camera chain: ingest → frames and gray frames → pixel gate → (reasoning on gated windows) → rules →
 * alerts with evidence.
 * The only place (with main.ts) that knows every stage.
 */
export class VigilPipeline {
  readonly fleet: CameraFleet;
  readonly alerts: AlertService;
  readonly rules: RulesFolder;
  /** The store's alerts with auditing and evidence manifests: what everything that changes alerts should use. */
  readonly alertRecords: AlertRepository;
  readonly #evaluator: RuleEvaluator;
  readonly #capture: CameraEvidenceCapture;
  readonly #frames = new FrameHistory();
  readonly #gates = new Map<string, PixelGate>();
  readonly #windows = new Map<string, RollingWindow>();
  readonly #reasoning: ReasoningStage | null;
  #ticker: NodeJS.Timeout | null = null;
  #metricsTimer: NodeJS.Timeout | null = null;
  readonly #restartsSeen = new Map<string, number>();
  #rulesAudited: RulesAuditState | null = null;

  readonly #events = new TypedEvents<PipelineEventMap>();

  constructor(private readonly options: PipelineOptions) {
    const { config, logger, metrics } = options;
    const initialCameras = configCameras(config);
    const site = siteContextOf(config, initialCameras);
    this.#evaluator = new RuleEvaluator(site);
    this.rules = new RulesFolder({
      dir: options.rulesDir,
      site,
      logger: logger.child({ stage: 'rules' }),
      onChange: (update) => this.#rulesChanged(update),
    });
    this.#capture = new CameraEvidenceCapture({
      dataDir: options.dataDir,
      ffmpegPath: options.ffmpegPath,
      settings: { preRollMs: config.evidence.preRoll, postRollMs: config.evidence.postRoll, segmentMs: config.evidence.segment },
      frames: this.#frames,
      ringOf: (cameraId) => this.fleet.ingest(cameraId)?.ring ?? null,
      metrics,
    });
    this.alertRecords = recordedAlerts(options.store.alerts, {
      ...(options.audit ? { audit: options.audit } : {}),
      ...(options.sealEvidence ? { seal: options.sealEvidence } : {}),
      logger: logger.child({ stage: 'alerts' }),
    });
    this.alerts = new AlertService({
      alerts: this.alertRecords,
      evidence: this.#capture,
      logger: logger.child({ stage: 'alerts' }),
      onOpened: (alert) => metrics.alertsTotal.inc({ severity: alert.severity, rule: alert.ruleId }),
    });
    this.#reasoning = options.reasoning
      ? new ReasoningStage({
          ...options.reasoning,
          questionsFor: (cameraId, now) => this.#questionsFor(cameraId, now),
          onSignals: (signals) => this.#evaluate(signals),
          logger: logger.child({ stage: 'reasoning' }),
          metrics,
        })
      : null;
    this.fleet = new CameraFleet({
      configCameras: initialCameras,
      repository: options.store.cameras,
      ...(options.audit ? { audit: options.audit, logger: logger.child({ stage: 'cameras' }) } : {}),
      startIngest: (camera, handlers) =>
        createCameraIngest(
          camera,
          {
            ffmpegPath: options.ffmpegPath,
            dataDir: options.dataDir,
            logger: logger.child({ stage: 'ingest' }),
            watchdogMs: config.ingest.watchdog,
            ringSeconds: config.evidence.ring / 1000,
            segmentSeconds: config.evidence.segment / 1000,
            ...(options.liveVideo ? { liveRtp: (id: string) => options.liveVideo!.rtpTarget(id) } : {}),
            ...(options.published ? { published: options.published } : {}),
          },
          handlers,
        ),
      handlers: {
        onFrame: (frame) => this.#onFrame(frame),
        onGray: (gray) => this.#onGray(gray),
        onSegment: (segment) => this.#onSegment(segment),
        onStatus: (status) => this.#onStatus(status),
        onCamerasChanged: (cameras) => this.#camerasChanged(cameras),
        onCameraRemoved: (cameraId) => this.#cameraRemoved(cameraId),
      },
    });
  }

  async start(): Promise<void> {
    await this.rules.start();
    // Alerts still active when Vigil stopped are continued, not opened again; those whose rule is gone end.
    const active = await this.alerts.resume();
    const orphaned = this.#evaluator.restore(
      active.map((a) => ({ ruleId: a.ruleId, cameraId: a.cameraId, since: a.startedAt, peakValue: a.peakValue })),
    );
    await this.alerts.endWithoutRule(orphaned, Date.now());
    this.options.metrics.alertsOpen.set(this.alerts.activeCount());
    this.#reasoning?.start();
    await this.fleet.start();
    this.#ticker = setInterval(() => this.#dispatch(this.#evaluator.tick(Date.now())), this.options.tickMs ?? 500);
    this.#ticker.unref();
    this.#metricsTimer = setInterval(() => this.#refreshCameraMetrics(), 2000);
    this.#metricsTimer.unref();
  }

  async stop(): Promise<void> {
    if (this.#ticker) clearInterval(this.#ticker);
    if (this.#metricsTimer) clearInterval(this.#metricsTimer);
    this.#ticker = null;
    this.#metricsTimer = null;
    this.rules.close();
    await this.fleet.stop();
    await this.#reasoning?.stop();
    this.#capture.segments.releaseAll();
    await this.alerts.drain();
  }

  onStatus(listener: PipelineEventMap['status']): () => void {
    return this.#events.on('status', listener);
  }

  onRules(listener: PipelineEventMap['rules']): () => void {
    return this.#events.on('rules', listener);
  }

  /** Null when hazard reasoning is off. */
  reasoningHealth(): ReasoningHealth | null {
    return this.#reasoning?.health() ?? null;
  }

  /** The latest windows that went to the model, newest first. */
  windowLog(): WindowLogEntry[] {
    return this.#reasoning?.windowLog() ?? [];
  }

  gateCounters(cameraId: string): { windowsSeen: number; windowsPassed: number } | null {
    return this.#gates.get(cameraId)?.counters() ?? null;
  }

  #onFrame(frame: Frame): void {
    const { metrics } = this.options;
    metrics.framesTotal.inc({ camera: frame.cameraId });
    this.#frames.push(frame);
    const window = this.#windows.get(frame.cameraId)?.push(frame);
    const gate = this.#gates.get(frame.cameraId);
    if (window && gate) {
      metrics.gateWindows.inc({ camera: frame.cameraId });
      const passed = gate.decide(window);
      if (passed) metrics.gatePassed.inc({ camera: frame.cameraId });
      this.#reasoning?.offer(window, passed);
    }
  }

  #questionsFor(cameraId: string, now: number): CameraQuestions | null {
    const camera = this.fleet.get(cameraId);
    if (!camera) return null;
    const hazards = hazardQuestionsFor(this.rules.packs.rules(), camera, now);
    return hazards.length > 0 ? { camera: { id: camera.id, name: camera.name }, hazards } : null;
  }

  #onGray(gray: GrayFrame): void {
    const gate = this.#gates.get(gray.cameraId);
    if (!gate) return;
    const started = Date.now();
    const signals = gate.process(gray);
    observeStage(this.options.metrics, 'gate', started);
    this.#evaluate(signals);
  }

  #evaluate(signals: Signal[]): void {
    const started = Date.now();
    const hits = this.#evaluator.evaluate(signals, started);
    observeStage(this.options.metrics, 'rules', started);
    this.#dispatch(hits);
  }

  #dispatch(hits: RuleHit[]): void {
    for (const hit of hits) {
      const started = Date.now();
      void this.alerts.handle(hit).then(() => {
        if (hit.phase === 'onset') observeStage(this.options.metrics, 'alert', started);
        this.options.metrics.alertsOpen.set(this.alerts.activeCount());
      });
    }
  }

  #onSegment(segment: Segment): void {
    this.#capture.segments.segmentCompleted(segment.cameraId, segment.endTs);
  }

  #onStatus(status: CameraStatus): void {
    this.#recordCameraMetrics(status);
    const offline = status.state === 'offline' ? 1 : 0;
    this.#evaluate([{ kind: 'offline', cameraId: status.cameraId, ts: Date.now(), value: offline, reason: status.reason }]);
    this.#events.emit('status', status);
  }

  #refreshCameraMetrics(): void {
    for (const status of this.fleet.statuses()) this.#recordCameraMetrics(status);
  }

  #recordCameraMetrics(status: CameraStatus): void {
    const { metrics } = this.options;
    const camera = status.cameraId;
    metrics.cameraFps.set({ camera }, status.fps);
    metrics.cameraUp.set({ camera }, status.state === 'online' ? 1 : status.state === 'degraded' ? 0.5 : 0);
    const restartsBefore = this.#restartsSeen.get(camera) ?? 0;
    if (status.restarts > restartsBefore) metrics.cameraRestarts.inc({ camera }, status.restarts - restartsBefore);
    this.#restartsSeen.set(camera, status.restarts);
  }

  #camerasChanged(cameras: Camera[]): void {
    const { config } = this.options;
    for (const camera of cameras) {
      const gate = this.#gates.get(camera.id);
      if (gate) gate.setZones(camera.zones);
      else this.#gates.set(camera.id, new PixelGate(camera.id, camera.zones));
      if (!this.#windows.has(camera.id)) {
        this.#windows.set(
          camera.id,
          new RollingWindow(camera.id, { lengthMs: config.windows.length, strideMs: config.windows.stride, maxFrames: config.windows.maxFrames }),
        );
      }
    }
    const site = siteContextOf(config, cameras);
    this.#evaluator.setSite(site);
    this.rules.setSite(site);
  }

  #cameraRemoved(cameraId: string): void {
    void this.options.liveVideo?.forget(cameraId);
    void this.options.published?.forget(cameraId);
    this.#restartsSeen.delete(cameraId);
    this.#gates.delete(cameraId);
    this.#windows.delete(cameraId);
    this.#frames.forget(cameraId);
  }

  #rulesChanged(update: RuleSetUpdate): void {
    this.options.metrics.rulePackErrors.set(update.packs.filter((p) => p.errors.length > 0).length);
    this.#dispatch(this.#evaluator.setRules(update.rules, Date.now()));
    this.#auditRules(update);
    this.#events.emit('rules', update);
  }

  #auditRules(update: RuleSetUpdate): void {
    const { audit, logger } = this.options;
    if (!audit) return;
    const { entries, state } = rulesAuditEntries(update, this.#rulesAudited);
    this.#rulesAudited = state;
    for (const entry of entries) void recordAudit(audit, entry, logger);
  }
}
