import { z } from 'zod';

export const ROBOT_STATUSES = ['accepted', 'en_route', 'arrived', 'observation', 'completed', 'failed'] as const;
export type RobotStatus = (typeof ROBOT_STATUSES)[number];

/** Decoded JPEG bytes a robot may send with one observation. */
export const MAX_ROBOT_IMAGE_BYTES = 4 * 1024 * 1024;
const MAX_IMAGE_BASE64_CHARS = Math.ceil(MAX_ROBOT_IMAGE_BYTES / 3) * 4;

/** `POST /api/robots/:id/events` (docs/robot-fleet.openapi.yaml, `RobotEvent`). */
export const RobotEventBody = z.strictObject({
  missionId: z.string().min(1).max(200),
  alertId: z.string().min(1).max(100).regex(/^[A-Za-z0-9_-]+$/, 'not an alert id'),
  status: z.enum(ROBOT_STATUSES),
  /** When the robot saw it; the time of arrival when absent. */
  at: z.iso.datetime({ offset: true }).optional(),
  note: z.string().max(1000).optional(),
  /** observation only: a JPEG from the robot's camera, base64 (no data: prefix). */
  image: z
    .string()
    .max(MAX_IMAGE_BASE64_CHARS, `at most ${MAX_ROBOT_IMAGE_BYTES} bytes of JPEG`)
    .regex(/^[A-Za-z0-9+/]+={0,2}$/, 'must be base64')
    .optional(),
}).refine((body) => body.image === undefined || body.status === 'observation', {
  path: ['image'],
  message: 'an image goes with status observation only',
});
export type RobotEventBody = z.infer<typeof RobotEventBody>;

/** What Vigil answers: the report is on the alert's timeline; a verdict on an image follows there. */
export const RobotEventReplyDto = z.object({
  alertId: z.string(),
  missionId: z.string(),
  status: z.enum(ROBOT_STATUSES),
  /** observation with an image: whether the image goes to the model for a verdict. */
  verdict: z.enum(['pending', 'off', 'none']),
});
export type RobotEventReplyDto = z.infer<typeof RobotEventReplyDto>;
