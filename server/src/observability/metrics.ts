import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import { StageLatencies } from './stage-latencies.js';

export const PIPELINE_STAGES = ['ingest', 'gate', 'rules', 'alert', 'snapshot', 'clip', 'store', 'emit', 'prompt', 'model', 'parse'] as const;
export type PipelineStage = (typeof PIPELINE_STAGES)[number];

/** Every Prometheus series Vigil exports. Labels never carry camera URLs, only camera ids. */
export function createMetrics() {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'vigil_process_' });
  const registers = [registry];
  return {
    registry,
    /** Recent samples per stage, for the dashboard's p50/p95. */
    latencies: new StageLatencies(),
    cameraFps: new Gauge({ name: 'vigil_camera_fps', help: 'Sampled frames per second received, per camera', labelNames: ['camera'], registers }),
    cameraUp: new Gauge({ name: 'vigil_camera_up', help: '1 when the camera is online, 0.5 degraded, 0 otherwise', labelNames: ['camera'], registers }),
    cameraRestarts: new Counter({ name: 'vigil_camera_restarts_total', help: 'ffmpeg restarts per camera', labelNames: ['camera'], registers }),
    framesTotal: new Counter({ name: 'vigil_frames_total', help: 'Sampled frames received per camera', labelNames: ['camera'], registers }),
    gateWindows: new Counter({ name: 'vigil_gate_windows_total', help: 'Windows seen by the pixel gate, per camera', labelNames: ['camera'], registers }),
    gatePassed: new Counter({ name: 'vigil_gate_passed_total', help: 'Windows the pixel gate passed on, per camera', labelNames: ['camera'], registers }),
    stageSeconds: new Histogram({
      name: 'vigil_stage_seconds',
      help: 'Latency of each pipeline stage',
      labelNames: ['stage'],
      buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
      registers,
    }),
    alertsTotal: new Counter({ name: 'vigil_alerts_total', help: 'Alerts opened, per severity and rule', labelNames: ['severity', 'rule'], registers }),
    alertsOpen: new Gauge({ name: 'vigil_alerts_active', help: 'Alerts whose condition still holds', registers }),
    rulePackErrors: new Gauge({ name: 'vigil_rule_pack_errors', help: 'Rule packs that failed to load', registers }),
    reasonerUp: new Gauge({ name: 'vigil_reasoner_up', help: '1 when the hazard reasoner answers its probe, 0.5 while loading, 0 otherwise', registers }),
    modelWindows: new Counter({ name: 'vigil_model_windows_total', help: 'Windows offered to the model scheduler, by what became of them', labelNames: ['outcome'], registers }),
    modelCalls: new Counter({ name: 'vigil_model_calls_total', help: 'Model calls (each attempt), by outcome', labelNames: ['outcome'], registers }),
    modelCallSeconds: new Histogram({
      name: 'vigil_model_call_seconds',
      help: 'Model call latency, by outcome',
      labelNames: ['outcome'],
      buckets: [0.25, 0.5, 1, 2, 3, 5, 8, 13, 20, 30],
      registers,
    }),
    modelRepliesUnreadable: new Counter({ name: 'vigil_model_replies_unreadable_total', help: 'Model replies that could not be read (no hazard judged)', registers }),
    modelBreakerOpen: new Gauge({ name: 'vigil_model_breaker_open', help: '1 while model calls are paused after repeated failures', registers }),
    visionTokens: new Histogram({ name: 'vigil_model_vision_tokens', help: 'Vision tokens sent per window', buckets: [256, 512, 800, 1200, 1600, 2400, 3200, 6400], registers }),
    socketClients: new Gauge({ name: 'vigil_socket_clients', help: 'Connected dashboard clients', registers }),
    diskFreeBytes: new Gauge({ name: 'vigil_disk_free_bytes', help: 'Free bytes on the filesystem holding DATA_DIR, as last measured', registers }),
    diskLow: new Gauge({ name: 'vigil_disk_low', help: '1 while free space stays below evidence.minFreeGB after freeing what may be freed', registers }),
  };
}

export type Metrics = ReturnType<typeof createMetrics>;

export function observeStage(metrics: Metrics, stage: PipelineStage, startedAtMs: number, now = Date.now()): void {
  recordStage(metrics, stage, now - startedAtMs);
}

export function recordStage(metrics: Metrics, stage: PipelineStage, ms: number): void {
  metrics.stageSeconds.observe({ stage }, ms / 1000);
  metrics.latencies.record(stage, ms);
}
