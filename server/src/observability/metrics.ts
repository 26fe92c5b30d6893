import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

export const PIPELINE_STAGES = ['ingest', 'gate', 'rules', 'alert', 'snapshot', 'clip', 'store', 'emit'] as const;
export type PipelineStage = (typeof PIPELINE_STAGES)[number];

/** Every Prometheus series Vigil exports. Labels never carry camera URLs, only camera ids. */
export function createMetrics() {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'vigil_process_' });
  const registers = [registry];
  return {
    registry,
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
    socketClients: new Gauge({ name: 'vigil_socket_clients', help: 'Connected dashboard clients', registers }),
  };
}

export type Metrics = ReturnType<typeof createMetrics>;

export function observeStage(metrics: Metrics, stage: PipelineStage, startedAtMs: number, now = Date.now()): void {
  metrics.stageSeconds.observe({ stage }, (now - startedAtMs) / 1000);
}
