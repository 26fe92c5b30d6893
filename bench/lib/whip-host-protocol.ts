/** Messages of the WHIP publisher host (whip-host.ts), one JSON object per line each way. */

export type WhipHostCommand =
  /** Starts one publisher per camera at `${url}/api/whip/CAMERA`; answers once every one is connected. */
  | { id: number; cmd: 'publish'; url: string; token: string; cameraIds: string[] }
  /** Ends every publisher the WHIP way (DELETE on its session). */
  | { id: number; cmd: 'stop' }
  | { id: number; cmd: 'counts' };

export interface PublisherCounts {
  cameraId: string;
  /** RTP packets and bytes handed to the WebRTC track. */
  packets: number;
  bytes: number;
  /** Times the clip's ffmpeg exited or stalled and was started again. */
  encoderRestarts: number;
}

export interface StopResult {
  /** Each DELETE's HTTP status (0: no answer). */
  deleteStatus: number[];
  counts: PublisherCounts[];
}

export type WhipHostReply =
  | { ready: true }
  | { id: number; ok: true; result: PublisherCounts[] | StopResult }
  | { id: number; ok: false; error: string };
