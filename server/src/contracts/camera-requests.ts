import { z } from 'zod';
import { Id } from './common.js';

const unit = z.number().min(0, 'must be between 0 and 1').max(1, 'must be between 0 and 1');
export const PointInput = z.tuple([unit, unit]);

export const ZoneInput = z.strictObject({
  id: Id,
  name: z.string().trim().min(1).max(200),
  polygon: z.array(PointInput).min(3, 'a polygon needs at least 3 points').max(100),
});

export const CAMERA_URL = /^(rtsp|rtsps|file|sim|whip):\/\/.+$/;
// The message never quotes the value: a camera URL may carry credentials.
const cameraUrl = z.string().max(2000).regex(CAMERA_URL, 'must start with rtsp://, rtsps://, file://, sim:// or whip://');

const SampleInput = z.strictObject({
  fps: z.number().min(0.1, 'must be between 0.1 and 30').max(30, 'must be between 0.1 and 30'),
  maxSide: z.number().int().min(64, 'must be between 64 and 3840').max(3840, 'must be between 64 and 3840'),
});

const LocationInput = z.strictObject({ map: z.string().trim().min(1).max(200), x: z.number(), y: z.number() });

const cameraFields = {
  name: z.string().trim().min(1).max(200),
  url: cameraUrl,
  zones: z.array(ZoneInput).max(50),
  /** Privacy masks, drawn like zones; a masked camera's video is encoded instead of copied. */
  masks: z.array(ZoneInput).max(50),
  location: LocationInput.nullable(),
  rtspTransport: z.enum(['tcp', 'udp']),
  enabled: z.boolean(),
};

function uniqueZoneIds(zones: readonly { id: string }[] | undefined, ctx: z.RefinementCtx, field: 'zones' | 'masks' = 'zones'): void {
  const seen = new Set<string>();
  zones?.forEach((zone, index) => {
    if (seen.has(zone.id)) ctx.addIssue({ code: 'custom', path: [field, index, 'id'], message: `duplicate ${field.slice(0, -1)} id "${zone.id}"` });
    seen.add(zone.id);
  });
}

function uniqueIds(camera: { zones?: readonly { id: string }[] | undefined; masks?: readonly { id: string }[] | undefined }, ctx: z.RefinementCtx): void {
  uniqueZoneIds(camera.zones, ctx);
  uniqueZoneIds(camera.masks, ctx, 'masks');
}

/** Body of `POST /api/cameras`. Unknown keys are rejected. */
export const CameraCreate = z
  .strictObject({
    id: Id,
    ...cameraFields,
    sample: SampleInput.partial().prefault({}).transform((s) => ({ fps: s.fps ?? 2, maxSide: s.maxSide ?? 640 })),
    zones: cameraFields.zones.default([]),
    masks: cameraFields.masks.default([]),
    location: cameraFields.location.optional(),
    rtspTransport: cameraFields.rtspTransport.default('tcp'),
    enabled: cameraFields.enabled.default(true),
  })
  .superRefine(uniqueIds);
export type CameraCreateInput = z.input<typeof CameraCreate>;
export type CameraCreate = z.output<typeof CameraCreate>;

/**
 * Body of `PUT /api/cameras/:id`: the fields to change; absent ones keep their value.
 * `id`, when given, must equal the one in the path. `location: null` removes the location.
 * A `url` equal to the redacted form the API showed keeps the stored URL (and its credentials).
 */
export const CameraUpdate = z
  .strictObject({
    id: Id.optional(),
    name: cameraFields.name.optional(),
    url: cameraFields.url.optional(),
    sample: SampleInput.partial().optional(),
    zones: cameraFields.zones.optional(),
    masks: cameraFields.masks.optional(),
    location: cameraFields.location.optional(),
    rtspTransport: cameraFields.rtspTransport.optional(),
    enabled: cameraFields.enabled.optional(),
  })
  .superRefine(uniqueIds);
export type CameraUpdateInput = z.input<typeof CameraUpdate>;
export type CameraUpdate = z.output<typeof CameraUpdate>;

/**
 * Body of `PUT /api/cameras/:id/zones`: the camera's zones, replaced as a whole. Allowed for vigil.yaml cameras
 * too (their zones are kept in the database and override the file's), so zones can be drawn on the dashboard.
 */
export const ZonesUpdate = z
  .strictObject({ zones: z.array(ZoneInput).max(50) })
  .superRefine((body, ctx) => uniqueZoneIds(body.zones, ctx));
export type ZonesUpdate = z.infer<typeof ZonesUpdate>;
