import { z } from 'zod';
import { isTimezone, parseDuration, SEVERITIES } from '../domain/index.js';
import { durationMs } from './duration-schema.js';

export const ID_PATTERN = /^[a-z0-9][a-z0-9-]*$/;
const id = z.string().regex(ID_PATTERN, 'must be lower-case letters, digits and dashes');

const unit = z.number().min(0, 'must be between 0 and 1').max(1, 'must be between 0 and 1');
export const pointSchema = z.tuple([unit, unit]);

export const zoneSchema = z.strictObject({
  id,
  name: z.string().min(1),
  polygon: z.array(pointSchema).min(3, 'a polygon needs at least 3 points'),
});

/** A region blurred in everything Vigil stores or shows of the camera (frames, clips, live view). */
export const maskSchema = zoneSchema;

export const CAMERA_URL = /^(rtsp|rtsps|file|sim|whip):\/\//;

export const cameraSchema = z
  .strictObject({
    id,
    name: z.string().min(1),
    url: z.string().regex(CAMERA_URL, 'must start with rtsp://, rtsps://, file://, sim:// or whip://'),
    sample: z
      .strictObject({ fps: z.number().min(0.1).max(30).default(2), maxSide: z.number().int().min(64).max(3840).default(640) })
      .prefault({}),
    zones: z.array(zoneSchema).default([]),
    masks: z.array(maskSchema).max(50).default([]),
    location: z.strictObject({ map: z.string().min(1), x: z.number(), y: z.number() }).optional(),
    rtspTransport: z.enum(['tcp', 'udp']).default('tcp'),
    enabled: z.boolean().default(true),
  })
  .superRefine((camera, ctx) => {
    const seen = new Set<string>();
    camera.zones.forEach((zone, index) => {
      if (seen.has(zone.id)) ctx.addIssue({ code: 'custom', path: ['zones', index, 'id'], message: `duplicate zone id "${zone.id}"` });
      seen.add(zone.id);
    });
    const masks = new Set<string>();
    camera.masks.forEach((mask, index) => {
      if (masks.has(mask.id)) ctx.addIssue({ code: 'custom', path: ['masks', index, 'id'], message: `duplicate mask id "${mask.id}"` });
      masks.add(mask.id);
    });
  });

const emailChannel = z.strictObject({ id, smtp: z.string().min(1), from: z.string().min(3), to: z.array(z.string().min(3)).min(1) });
const webhookChannel = z.strictObject({
  id,
  url: z.url(),
  secret: z.string().min(1),
  previousSecret: z.string().min(1).optional(),
  allowPrivate: z.boolean().default(false),
});
const robotChannel = z.strictObject({
  id,
  url: z.url(),
  token: z.string().min(1),
  allowPrivate: z.boolean().default(false),
  /**
   * The camera the robot's own video arrives on (usually whip://, published by the robot): an observation the
   * robot reports without an image is checked on that camera's current frame.
   */
  camera: z.string().min(1).optional(),
});

/**
 * Hazard reasoning (Cosmos Reason 2). `backend` none keeps pixel rules running and hazard rules waiting.
 * COSMOS_URL / COSMOS_MODEL / COSMOS_API_KEY / COSMOS_ONNX_DIR in the environment take precedence.
 */
export const modelSchema = z.strictObject({
  backend: z.enum(['none', 'openai', 'onnx']).default('none'),
  /** openai: the server's base URL (vLLM, NIM), e.g. http://gpu-box:8000/v1. */
  url: z.string().optional(),
  /** The served model id; also picks the manifest in models/ (prompt, sampling). */
  model: z.string().default('nvidia/Cosmos-Reason2-2B'),
  apiKey: z.string().optional(),
  /** openai: send frames as timestamped images, or the window as a video clip. */
  media: z.enum(['images', 'video']).default('images'),
  /** onnx: the local folder of the export (config.json, tokenizer files, onnx/). */
  onnxDir: z.string().optional(),
  /** onnx: which weight files to load; the model manifest's choice (q4 for Cosmos Reason 2) by default. */
  dtype: z.enum(['fp32', 'fp16', 'q8', 'quantized', 'int8', 'uint8', 'q4', 'q4f16', 'bnb4']).optional(),
  device: z.enum(['cpu', 'cuda']).default('cpu'),
  /** Ask for <think> reasoning before the answer (slower, better on subtle hazards). */
  reasoning: z.boolean().default(true),
  timeout: durationMs.default(30_000),
  /** A camera with hazard rules gets a look at least this often, even when nothing moves ("off": never). */
  heartbeat: z.union([z.literal('off'), durationMs]).default(60_000),
  /** Model calls in flight at once, across all cameras. */
  concurrency: z.number().int().min(1).max(64).default(1),
  /** Vision tokens per window (frames × size; one token per 32×32 px). */
  visionTokens: z.number().int().min(64).max(16_384).default(1600),
  /** Folder of model manifests, relative to vigil.yaml; Vigil's own models/ by default. */
  manifests: z.string().optional(),
});

const DAY_MS = 86_400_000;

/** How long evidence is kept: "7d", "36h", "90m". */
const retentionDuration = z.string().transform((text, ctx) => {
  const days = /^(\d+(?:\.\d+)?)d$/.exec(text.trim());
  const ms = days ? Math.round(Number(days[1]) * DAY_MS) : parseDuration(text);
  if (ms === null || ms < 60_000) {
    ctx.addIssue({ code: 'custom', message: `"${text}" is not a retention period (use e.g. 7d, 36h)` });
    return z.NEVER;
  }
  return ms;
});

/** Per severity; a severity left out keeps its evidence for `retentionDays`. */
const retentionBySeverity = z.strictObject({
  info: retentionDuration.optional(),
  low: retentionDuration.optional(),
  medium: retentionDuration.optional(),
  high: retentionDuration.optional(),
  critical: retentionDuration.optional(),
});

export const evidenceSchema = z.strictObject({
  preRoll: durationMs.default(5000),
  postRoll: durationMs.default(5000),
  segment: durationMs.default(2000),
  ring: durationMs.default(60_000),
  retentionDays: z.number().int().min(1).default(30),
  /** Evidence of an ended alert is kept this long after it ended, by the alert's severity. */
  retention: retentionBySeverity.prefault({}),
  /** Below this much free disk, segments beyond the pre-roll go first, then the least severe, oldest evidence. */
  minFreeGB: z.number().min(0).default(2),
});

export const ingestSchema = z.strictObject({
  watchdog: durationMs.default(10_000),
});

const iceServerSchema = z.strictObject({
  urls: z.string().regex(/^(stun|stuns|turn|turns):\S+$/, 'must be a stun:, stuns:, turn: or turns: URL'),
  username: z.string().optional(),
  credential: z.string().optional(),
});

/** WebRTC for WHIP publishers and live viewers. An on-prem LAN needs none of it. */
export const webrtcSchema = z
  .strictObject({
    /** STUN/TURN servers offered to publishers (as Link headers) and used by Vigil's own ICE agent. */
    iceServers: z.array(iceServerSchema).default([]),
    /** Addresses to offer as host candidates besides the interfaces' own (a NAT's public address). */
    hostAddresses: z.array(z.union([z.ipv4(), z.ipv6()])).default([]),
    /** UDP ports for ICE, for a firewall that opens a range. */
    portRange: z.tuple([z.number().int().min(1024).max(65535), z.number().int().min(1024).max(65535)]).optional(),
  })
  .refine((value) => !value.portRange || value.portRange[0] < value.portRange[1], {
    path: ['portRange'],
    message: 'portRange must be [lowest, highest] with lowest < highest',
  });

export const windowSchema = z.strictObject({
  length: durationMs.default(4000),
  stride: durationMs.default(2000),
  maxFrames: z.number().int().min(1).max(64).default(8),
});

const notifyTarget = z.string().regex(/^(email|webhook|robot):[a-z0-9][a-z0-9-]*$/, 'must be email:ID, webhook:ID or robot:ID');

/** An alert at or above `minSeverity` that nobody acknowledges within `after` is sent to `notify`, once. */
export const escalationSchema = z.strictObject({
  minSeverity: z.enum(SEVERITIES),
  after: durationMs,
  notify: z.array(notifyTarget).min(1),
});

/**
 * Sign-in besides Vigil's own passwords: a reverse proxy that has authenticated the user names them in `header`.
 * Only requests from `trustedAddresses` (addresses or CIDR ranges) are believed; off when absent.
 */
export const authSchema = z.strictObject({
  proxy: z
    .strictObject({
      header: z.string().regex(/^[A-Za-z0-9-]+$/, 'must be an HTTP header name').default('X-Forwarded-User'),
      trustedAddresses: z.array(z.union([z.ipv4(), z.ipv6(), z.cidrv4(), z.cidrv6()])).min(1, 'name the address the proxy connects from'),
    })
    .optional(),
});

export const siteConfigSchema = z
  .strictObject({
    site: z.strictObject({
      name: z.string().min(1),
      timezone: z.string().refine(isTimezone, { error: (issue) => `unknown time zone "${String(issue.input)}"` }).default('UTC'),
      /** Where people reach this Vigil (https://vigil.plant.example); makes the evidence links in notifications absolute. */
      publicUrl: z.url({ protocol: /^https?$/ }).optional(),
    }),
    cameras: z.array(cameraSchema).default([]),
    rules: z.string().default('rules/'),
    model: modelSchema.prefault({}),
    channels: z
      .strictObject({
        email: z.array(emailChannel).default([]),
        webhook: z.array(webhookChannel).default([]),
        robot: z.array(robotChannel).default([]),
      })
      .prefault({}),
    evidence: evidenceSchema.prefault({}),
    ingest: ingestSchema.prefault({}),
    windows: windowSchema.prefault({}),
    webrtc: webrtcSchema.prefault({}),
    escalation: z.array(escalationSchema).default([]),
    auth: authSchema.prefault({}),
  })
  .superRefine((config, ctx) => {
    const cameraIds = new Set<string>();
    config.cameras.forEach((camera, index) => {
      if (cameraIds.has(camera.id)) ctx.addIssue({ code: 'custom', path: ['cameras', index, 'id'], message: `duplicate camera id "${camera.id}"` });
      cameraIds.add(camera.id);
    });
    config.escalation.forEach((policy, index) => {
      policy.notify.forEach((target, targetIndex) => {
        const [kind, channelId] = target.split(':') as ['email' | 'webhook' | 'robot', string];
        if (!config.channels[kind].some((channel) => channel.id === channelId)) {
          ctx.addIssue({ code: 'custom', path: ['escalation', index, 'notify', targetIndex], message: `no ${kind} channel "${channelId}" under channels` });
        }
      });
    });
    config.channels.robot.forEach((robot, index) => {
      if (robot.camera !== undefined && !cameraIds.has(robot.camera)) {
        ctx.addIssue({ code: 'custom', path: ['channels', 'robot', index, 'camera'], message: `no camera "${robot.camera}" under cameras` });
      }
    });
    for (const kind of ['email', 'webhook', 'robot'] as const) {
      const ids = new Set<string>();
      config.channels[kind].forEach((channel, index) => {
        if (ids.has(channel.id)) ctx.addIssue({ code: 'custom', path: ['channels', kind, index, 'id'], message: `duplicate ${kind} channel id "${channel.id}"` });
        ids.add(channel.id);
      });
    }
  });

export type SiteConfig = z.output<typeof siteConfigSchema>;
export type CameraConfig = z.output<typeof cameraSchema>;
export type EscalationPolicy = z.output<typeof escalationSchema>;
export type ChannelsConfig = SiteConfig['channels'];
