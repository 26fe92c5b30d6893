import { z } from 'zod';

/**
 * Live video of one camera. WebRTC relays the camera's own H.264 (no transcoding): the browser posts an SDP offer
 * to `POST /api/cameras/:id/live/webrtc` and gets the answer (ICE gathered, no trickle). Where WebRTC cannot
 * connect, `jsmpeg` is a WebSocket URL streaming MPEG-1 for the JSMpeg player (transcoded: costs CPU).
 */
export const LiveOptionsDto = z.object({
  cameraId: z.string(),
  webrtc: z.boolean(),
  /** ws:// or wss:// URL (carrying the token as `?token=`), or null when the fallback is not available. */
  jsmpeg: z.string().nullable(),
  /** Why live video is not available at all (camera offline, codec not H.264…), else null. */
  unavailable: z.string().nullable(),
});
export type LiveOptionsDto = z.infer<typeof LiveOptionsDto>;

export const SdpOfferDto = z.strictObject({ type: z.literal('offer'), sdp: z.string().min(10).max(100_000) });
export type SdpOfferDto = z.infer<typeof SdpOfferDto>;

export const SdpAnswerDto = z.object({ type: z.literal('answer'), sdp: z.string() });
export type SdpAnswerDto = z.infer<typeof SdpAnswerDto>;
