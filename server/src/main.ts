import { readFile, mkdir } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { buildApp, resolveApiToken, type VigilApp } from './api/index.js';
import { argon2Hasher, prepareFirstAdmin, trustedProxy } from './auth/index.js';
import { formatSourceError, parseEnv, parseSiteConfig, type Env, type SiteConfig } from './config/index.js';
import { VigilError, type Frame } from './domain/index.js';
import { resolveFfmpegPath } from './ingest/index.js';
import { createLogger, type Logger } from './observability/logger.js';
import { createEvidenceGuard, startEvidenceGuard, type DiskStatus, type EvidenceGuard } from './evidence/retention.adapter.js';
import { retentionPeriods } from './evidence/retention.js';
import { createMetrics } from './observability/metrics.js';
import { ruleCatalog } from './pipeline/rule-catalog.js';
import { siteContextOf } from './pipeline/site-context.js';
import { VigilPipeline } from './pipeline/vigil-pipeline.js';
import { createStore } from './store/index.js';
import { startLiveVideo, type LiveVideoService } from './live/video/index.js';
import { iceServerLinks, parseTrickleFragment, startWhipIngest, type WhipIngest, type WhipPeerOptions } from './ingest/webrtc/index.js';
import { encodeFrameJpeg, encodeWindowVideo } from './imaging/index.js';
import { createOpenAiReasoner } from './reasoning/backends/openai-reasoner.adapter.js';
import { findManifest, type ModelManifest } from './reasoning/cosmos/index.js';
import { resolveModelSettings, type ModelSettings } from './reasoning/model-settings.js';
import type { Reasoner } from './reasoning/reasoner.js';
import { WindowAnalyzer } from './reasoning/window-analyzer.js';
import { reasonerHealthDto, reasoningDto } from './pipeline/reasoning-report.js';
import type { PipelineOptions } from './pipeline/vigil-pipeline.js';
import { buildChannels } from './notify/channel-registry.js';
import { startNotifications, type Notifications } from './notify/notifications.js';
import { notifyChannelFactories } from './pipeline/notify-channels.js';
import { createRobotFrameReasoner } from './notify/robot-frame-reasoner.adapter.js';
import { saveRobotFrame } from './notify/robot-frame-store.adapter.js';
import { RobotService } from './notify/robot-service.js';
import { AuditService, recordAudit } from './audit/audit-service.js';
import { loadOrCreateEvidenceKeys } from './evidence/evidence-keys.adapter.js';
import { EvidenceSeals } from './evidence/evidence-seals.js';
import { writeManifest } from './evidence/manifest-files.adapter.js';
import { sha256File } from './evidence/hash.js';
import { configLoadEntry } from './pipeline/config-audit.js';

export const VERSION = '0.1.0';

/** The built dashboard (`npm run build:web`). */
const WEB_DIR = fileURLToPath(new URL('../../web/dist/', import.meta.url));

export interface RunningVigil {
  url: string;
  port: number;
  apiToken: string;
  app: VigilApp;
  pipeline: VigilPipeline;
  config: SiteConfig;
  stop(): Promise<void>;
}

/** Reads and validates vigil.yaml; the error lists every problem as file:line:column. */
export async function loadSiteConfig(path: string, env: Record<string, string | undefined>): Promise<SiteConfig> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new VigilError('invalid_config', `cannot read the site config ${path}: ${(error as Error).message} (set VIGIL_CONFIG)`);
  }
  const result = parseSiteConfig(path, text, env);
  if (!result.ok) throw new VigilError('invalid_config', `invalid site config:\n${result.errors.map(formatSourceError).join('\n')}`, result.errors);
  return result.config;
}

/** The composition root: builds every adapter, wires the stages and starts serving. */
export async function startVigil(rawEnv: Record<string, string | undefined> = process.env, logger?: Logger): Promise<RunningVigil> {
  const env: Env = parseEnv(rawEnv);
  const log = logger ?? createLogger({ level: env.LOG_LEVEL });
  const configPath = resolve(env.VIGIL_CONFIG);
  const config = await loadSiteConfig(configPath, rawEnv);
  const dataDir = resolve(env.DATA_DIR);
  await mkdir(dataDir, { recursive: true });
  const ffmpegPath = resolveFfmpegPath(rawEnv);
  const metrics = createMetrics();
  const store = await createStore({ ...(env.DATABASE_URL ? { databaseUrl: env.DATABASE_URL } : {}), dataDir, logger: log });
  let liveVideo: LiveVideoService | null = null;
  let whip: WhipIngest | null = null;
  let notifications: Notifications | null = null;
  let stopAudit: () => Promise<void> = async () => undefined;
  try {
    const { token: apiToken } = await resolveApiToken({ dataDir, envToken: env.VIGIL_API_TOKEN });
    // The first admin: from VIGIL_ADMIN_USERNAME/VIGIL_ADMIN_PASSWORD, else a setup code printed once.
    const setup = await prepareFirstAdmin({
      users: store.users,
      hasher: argon2Hasher,
      adminUsername: rawEnv.VIGIL_ADMIN_USERNAME,
      adminPassword: rawEnv.VIGIL_ADMIN_PASSWORD,
      logger: log,
    });
    const modelSettings = resolveModelSettings(config.model, env, dirname(configPath));
    const reasoning = await buildReasoning(modelSettings, ffmpegPath, log);
    const modelSecrets = modelSettings.backend === 'openai' && modelSettings.apiKey ? [modelSettings.apiKey] : [];
    // Live video: the ingests' RTP copies in, WebRTC and JSMpeg viewers out.
    const webrtc = webrtcPeerOptions(config);
    liveVideo = await startLiveVideo({ ffmpegPath, logger: log.child({ stage: 'live-video' }), webrtc });
    // WHIP publishers (phones, WebRTC cameras, robots) for the whip:// cameras.
    whip = startWhipIngest({ peer: webrtc, logger: log.child({ stage: 'whip' }) });
    const whipSessions = whip.sessions;
    // Every change goes to the hash-chained audit log; alerts' evidence gets signed manifests.
    const audit = new AuditService({ repository: store.audit, dataDir });
    stopAudit = () => audit.drain();
    await recordAudit(audit, configLoadEntry(config, await sha256File(configPath)), log);
    const evidenceKeys = await loadOrCreateEvidenceKeys(dataDir);
    const seals = new EvidenceSeals({ alerts: store.alerts, keys: async () => evidenceKeys, write: (input) => writeManifest({ dataDir, ...input }) });
    const pipeline = new VigilPipeline({
      config,
      rulesDir: resolve(dirname(configPath), config.rules),
      dataDir,
      ffmpegPath,
      store,
      logger: log,
      metrics,
      ...(reasoning ? { reasoning } : {}),
      liveVideo,
      published: whipSessions,
      audit,
      sealEvidence: (alertId) => seals.seal(alertId),
    });
    const evidenceGuard = buildEvidenceGuard({ config, dataDir, store, pipeline, metrics, log });
    // Patrol robots report at /api/robots/:id/events (missions go out through the robot channels below).
    const robots = { service: await buildRobotService({ config, modelSettings, reasoning, dataDir, store, pipeline, log }) };
    const app = await buildApp({
      robots: robots.service,
      audit,
      store,
      dataDir,
      apiToken,
      access: { setup, hasher: argon2Hasher, ...(config.auth.proxy ? { proxy: trustedProxy(config.auth.proxy) } : {}) },
      metrics,
      logger: log,
      siteName: config.site.name,
      liveVideo,
      whip: {
        publish: (cameraId, offerSdp) => whipSessions.publish(cameraId, offerSdp),
        end: (cameraId, sessionId) => whipSessions.end(cameraId, sessionId),
        trickle: (cameraId, sessionId, fragment, ifMatch) => whipSessions.trickle(cameraId, sessionId, parseTrickleFragment(fragment), ifMatch),
        iceLinks: iceServerLinks(config.webrtc.iceServers),
      },
      ...(config.site.publicUrl ? { publicUrl: config.site.publicUrl } : {}),
      webDir: WEB_DIR,
      cameras: pipeline.fleet,
      alerts: pipeline.alerts,
      rules: ruleCatalog(pipeline.rules, () => siteContextOf(config, pipeline.fleet.list()), reasoning !== null),
      reasoning: () => reasoningDto(pipeline.reasoningHealth(), pipeline.windowLog(), modelSecrets),
      system: () => ({
        version: VERSION,
        uptimeSeconds: Math.round(process.uptime()),
        database: store.kind,
        reasoner: reasonerHealthDto(pipeline.reasoningHealth(), modelSecrets),
        stages: metrics.latencies.summary(),
        cameras: pipeline.fleet.list().map((camera) => {
          const status = pipeline.fleet.status(camera.id);
          return { cameraId: camera.id, name: camera.name, state: status?.state ?? 'offline', fps: status?.fps ?? 0 };
        }),
        alertsActive: pipeline.alerts.activeCount(),
      }),
      health: () => {
        const statuses = pipeline.fleet.statuses();
        const online = statuses.filter((s) => s.state === 'online' || s.state === 'degraded').length;
        return {
          status: online === statuses.length ? 'ok' : 'degraded',
          cameras: { online, total: statuses.length },
          database: store.kind,
          reasoner: reasonerHealthDto(pipeline.reasoningHealth(), modelSecrets),
          disk: diskHealthDto(evidenceGuard.status()),
          version: VERSION,
        };
      },
    });
    pipeline.alerts.events.on('alert:new', (alert) => app.live.alertNew(alert));
    pipeline.alerts.events.on('alert:updated', (alert) => app.live.alertUpdated(alert));
    const unsubscribeStatus = pipeline.onStatus((status) => app.live.cameraStatus(status));
    await pipeline.start();

    // Notifications: the outbox dispatcher delivers what alerts owe to email, webhooks and robots, and the
    // escalation watch adds deliveries for alerts nobody acknowledged in time.
    let listenUrl = `http://localhost:${env.PORT}`;
    const cameraById = (cameraId: string) => pipeline.fleet.list().find((camera) => camera.id === cameraId);
    const built = buildChannels(
      config.channels,
      notifyChannelFactories({ config, dataDir, evidence: store.evidence, publicUrl: () => config.site.publicUrl ?? listenUrl, camera: cameraById }),
    );
    if (built.unsupported.length > 0) log.warn({ channels: built.unsupported }, 'these channels cannot be built; their deliveries fail');
    notifications = await startNotifications({
      store,
      channels: built.channels,
      escalation: config.escalation,
      ...(config.site.publicUrl ? { publicUrl: config.site.publicUrl } : {}),
      registry: metrics.registry,
      logger: log.child({ stage: 'notify' }),
    });
    const wakeNotifications = () => notifications?.wake();
    pipeline.alerts.events.on('alert:new', wakeNotifications);
    pipeline.alerts.events.on('alert:updated', wakeNotifications);
    const retention = startEvidenceGuard(evidenceGuard, { retentionEveryMs: 10 * 60_000, checkEveryMs: 60_000, nearFloorEveryMs: config.evidence.segment });
    const address = await app.listen(env.PORT, env.HOST);
    listenUrl = `http://localhost:${address.port}`;
    log.info({ url: address.url, cameras: pipeline.fleet.list().length, database: store.kind }, 'Vigil is watching');
    let stopping: Promise<void> | null = null;
    return {
      url: address.url,
      port: address.port,
      apiToken,
      app,
      pipeline,
      config,
      stop: () =>
        (stopping ??= (async () => {
          unsubscribeStatus();
          retention.stop();
          await app.close();
          await robots.service.drain();
          await pipeline.stop();
          await whip?.close();
          await notifications?.stop();
          await liveVideo?.close();
          await stopAudit();
          await store.close();
        })()),
    };
  } catch (error) {
    await notifications?.stop(0).catch(() => undefined);
    await liveVideo?.close().catch(() => undefined);
    await whip?.close().catch(() => undefined);
    await stopAudit().catch(() => undefined);
    await store.close().catch(() => undefined);
    throw error;
  }
}

/**
 * Retention per severity and the disk guard: segment rings shrink first, then the least severe, oldest evidence
 * goes; held or exported evidence never does.
 */
function buildEvidenceGuard(input: {
  config: SiteConfig;
  dataDir: string;
  store: Awaited<ReturnType<typeof createStore>>;
  pipeline: VigilPipeline;
  metrics: ReturnType<typeof createMetrics>;
  log: Logger;
}): EvidenceGuard {
  const { evidence } = input.config;
  const { fleet } = input.pipeline;
  return createEvidenceGuard({
    dataDir: input.dataDir,
    periods: retentionPeriods(evidence.retentionDays, evidence.retention),
    minFreeBytes: evidence.minFreeGB * 1024 ** 3,
    keepSegmentMs: evidence.preRoll + evidence.postRoll + evidence.segment,
    alerts: input.store.retention,
    heldAlertIds: () => input.store.holds.all(),
    rings: () => fleet.list().flatMap((camera) => fleet.ingest(camera.id)?.ring ?? []),
    logger: input.log.child({ stage: 'retention' }),
    onStatus: (status) => {
      input.metrics.diskFreeBytes.set(status.freeBytes);
      input.metrics.diskLow.set(status.low ? 1 : 0);
    },
  });
}

const diskHealthDto = (status: DiskStatus | null) =>
  status ? { status: status.low ? ('low' as const) : ('ok' as const), freeBytes: status.freeBytes, minFreeBytes: status.minFreeBytes } : null;

/** vigil.yaml's webrtc section as the WebRTC peers (WHIP publishers and live viewers) take it. */
function webrtcPeerOptions(config: SiteConfig): WhipPeerOptions {
  const { iceServers, hostAddresses, portRange } = config.webrtc;
  return {
    iceServers: iceServers.map((server) => ({ ...server })),
    ...(hostAddresses.length > 0 ? { iceAdditionalHostAddresses: hostAddresses } : {}),
    ...(portRange ? { icePortRange: portRange } : {}),
  };
}

/** The model backend and the window analyzer for the settings in force; null when reasoning is off. */
async function buildReasoning(settings: ModelSettings, ffmpegPath: string, log: Logger): Promise<PipelineOptions['reasoning'] | null> {
  if (settings.backend === 'none') return null;
  const manifest = await manifestFor(settings.manifestsDir, settings.model, log);
  const reasoner: Reasoner =
    settings.backend === 'openai'
      ? createOpenAiReasoner({
          url: settings.url,
          model: settings.model,
          media: settings.media,
          timeoutMs: Number(settings.scheduler.callTimeoutMs),
          ...(settings.apiKey ? { apiKey: settings.apiKey } : {}),
        })
      : // Loaded only when asked for: transformers.js and onnxruntime weigh tens of megabytes of heap.
        (await import('./reasoning/backends/onnx-reasoner.adapter.js')).createOnnxReasoner({
          dir: settings.onnxDir,
          dtype: settings.dtype ?? manifest.onnx.dtype,
          device: settings.device,
          modelId: settings.model,
        });
  const analyzer = new WindowAnalyzer({
    reasoner,
    manifest,
    reasoning: settings.reasoning,
    visionTokenBudget: settings.visionTokens,
    encode: async (frame, size) => (await encodeFrameJpeg(frame, { size })).jpeg,
    ...(settings.backend === 'openai' && settings.media === 'video'
      ? { video: (frames: readonly Frame[], size: { width: number; height: number }) => encodeWindowVideo(ffmpegPath, frames, size) }
      : {}),
  });
  log.info({ backend: settings.backend, model: settings.model, manifest: manifest.id }, 'hazard reasoning on');
  return { reasoner, analyzer, scheduler: settings.scheduler };
}

/** A robot camera's frame older than this is not what the robot sees now. */
const ROBOT_FRAME_MAX_AGE_MS = 5000;

/** The service that takes the patrol robots' reports and has their frames checked by the reasoner. */
async function buildRobotService(input: {
  config: SiteConfig;
  modelSettings: ModelSettings;
  reasoning: PipelineOptions['reasoning'] | null;
  dataDir: string;
  store: Awaited<ReturnType<typeof createStore>>;
  pipeline: VigilPipeline;
  log: Logger;
}): Promise<RobotService> {
  const { config, modelSettings, reasoning, pipeline, log } = input;
  const checkFrame =
    reasoning && modelSettings.backend !== 'none'
      ? createRobotFrameReasoner({
          reasoner: reasoning.reasoner,
          manifest: await manifestFor(modelSettings.manifestsDir, modelSettings.model, log),
          reasoning: modelSettings.reasoning,
          visionTokenBudget: modelSettings.visionTokens,
          timeoutMs: Number(modelSettings.scheduler.callTimeoutMs),
        })
      : null;
  return new RobotService({
    robots: config.channels.robot,
    alerts: pipeline.alertRecords,
    act: (transition) => pipeline.alerts.act(transition),
    rules: () => pipeline.rules.snapshot().rules,
    saveFrame: (frame) => saveRobotFrame(input.dataDir, frame),
    checkFrame,
    cameraFrame: async (cameraId) => {
      const frame = pipeline.fleet.latestFrame(cameraId);
      const state = pipeline.fleet.status(cameraId)?.state;
      if (!frame || state === 'offline' || Date.now() - frame.ts > ROBOT_FRAME_MAX_AGE_MS) return null;
      return { jpeg: (await encodeFrameJpeg(frame)).jpeg, at: frame.ts };
    },
    onChanged: (history) => pipeline.alerts.events.emit('alert:updated', history),
    logger: log.child({ stage: 'robots' }),
  });
}

/** The manifest of the configured model; a model Vigil has none for (a fine-tune) is asked like Cosmos Reason 2 2B. */
async function manifestFor(dir: string, modelId: string, log: Logger): Promise<ModelManifest> {
  const exact = await findManifest(dir, modelId);
  if (exact) return exact;
  const fallback = await findManifest(dir, DEFAULT_MANIFEST);
  if (!fallback) throw new VigilError('invalid_config', `no model manifest for ${modelId} (nor ${DEFAULT_MANIFEST}) in ${dir}; set model.manifests in vigil.yaml`);
  log.warn({ model: modelId, manifest: fallback.id }, 'no manifest for this model; using the Cosmos Reason 2 2B prompts and sampling');
  return fallback;
}

const DEFAULT_MANIFEST = 'nvidia/Cosmos-Reason2-2B';

async function main(): Promise<void> {
  const logger = createLogger();
  let vigil: RunningVigil;
  try {
    vigil = await startVigil(process.env, logger);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    process.stderr.write(`vigil: ${message}\n`);
    process.exit(1);
  }
  process.stdout.write(`Vigil is running at http://localhost:${vigil.port}\n`);
  const shutdown = (signal: string) => {
    logger.info({ signal }, 'shutting down');
    const force = setTimeout(() => process.exit(1), 15_000);
    force.unref();
    vigil.stop().then(
      () => process.exit(0),
      (error: unknown) => {
        logger.error({ err: error }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.once('SIGINT', () => shutdown('SIGINT'));
  process.once('SIGTERM', () => shutdown('SIGTERM'));
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) void main();
