import { z } from 'zod';
import { IsoTime } from './common.js';

export const CameraStateDto = z.enum(['starting', 'online', 'degraded', 'offline']);

export const CameraStatusDto = z.object({
  cameraId: z.string(),
  state: CameraStateDto,
  /** Human-readable, free of credentials. */
  reason: z.string(),
  since: IsoTime,
  fps: z.number(),
  restarts: z.number().int(),
  lastFrameAt: IsoTime.nullable(),
});
export type CameraStatusDto = z.infer<typeof CameraStatusDto>;

export const ZoneDto = z.object({
  id: z.string(),
  name: z.string(),
  polygon: z.array(z.tuple([z.number(), z.number()])),
});
export type ZoneDto = z.infer<typeof ZoneDto>;

export const CameraDto = z.object({
  id: z.string(),
  name: z.string(),
  /** Always redacted: user, password and secret query parameters read "***". */
  url: z.string(),
  sample: z.object({ fps: z.number(), maxSide: z.number() }),
  zones: z.array(ZoneDto),
  /** Privacy masks: blurred in every frame, clip and live view Vigil keeps or shows of this camera. */
  masks: z.array(ZoneDto),
  location: z.object({ map: z.string(), x: z.number(), y: z.number() }).nullable(),
  rtspTransport: z.enum(['tcp', 'udp']),
  enabled: z.boolean(),
  /** `config` cameras come from vigil.yaml and are read-only through the API. */
  source: z.enum(['config', 'api']),
  status: CameraStatusDto.nullable(),
});
export type CameraDto = z.infer<typeof CameraDto>;

export const CameraListDto = z.object({ items: z.array(CameraDto) });
export type CameraListDto = z.infer<typeof CameraListDto>;

/** A new WHIP publisher token for a camera: shown once; the camera's previous token stops working. */
export const PublishTokenDto = z.object({
  cameraId: z.string(),
  token: z.string(),
  /** Where the publisher POSTs its offer (WHIP endpoint URL). */
  whipUrl: z.string(),
});
export type PublishTokenDto = z.infer<typeof PublishTokenDto>;
