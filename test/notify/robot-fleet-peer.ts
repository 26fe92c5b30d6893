import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { RobotMission } from '../../server/src/notify/channels/robot-mission.js';

export const FLEET_TOKEN = 'fleet-token-0123456789';

export interface FleetReply {
  status: string;
  code: number;
  body: unknown;
}

export interface SimulatedFleet {
  readonly url: string;
  readonly missions: RobotMission[];
  /** What Vigil answered to each report, per mission id. */
  readonly replies: Map<string, FleetReply[]>;
  /** Resolves when the robot has walked a mission through its statuses. */
  finished(missionId: string): Promise<void>;
  close(): Promise<void>;
}

/**
 * A robot fleet controller as the OpenAPI contract describes it: it takes missions at `POST /missions` (bearer
 * token, 409 for a mission it has), then its robot reports back to the mission's callback: accepted,
 * en_route, arrived, an observation (with a frame from its camera, or none when it streams its camera to Vigil),
 * completed.
 */
export async function startSimulatedFleet(options: {
  /** The JPEG the robot sends with its observation; none: the robot streams its camera to Vigil instead. */
  frame?: Buffer;
}): Promise<SimulatedFleet> {
  const missions: RobotMission[] = [];
  const replies = new Map<string, FleetReply[]>();
  const walks = new Map<string, Promise<void>>();

  const server = createServer((req, res) => void handle(req, res));
  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    if (req.method !== 'POST' || req.url !== '/missions') return send(res, 404, { error: 'not found' });
    if (req.headers.authorization !== `Bearer ${FLEET_TOKEN}`) return send(res, 401, { error: 'bad token' });
    const mission = JSON.parse(Buffer.concat(chunks).toString('utf8')) as RobotMission;
    if (missions.some((m) => m.missionId === mission.missionId)) return send(res, 409, { error: 'mission exists' });
    missions.push(mission);
    send(res, 201, { missionId: mission.missionId, state: 'queued' });
    // A failed report shows in `replies` as code 0; the test reads them.
    walks.set(mission.missionId, walk(mission).catch((error: unknown) => record(mission.missionId, { status: 'error', code: 0, body: String(error) })));
  }

  function record(missionId: string, reply: FleetReply): void {
    replies.set(missionId, [...(replies.get(missionId) ?? []), reply]);
  }

  async function walk(mission: RobotMission): Promise<void> {
    const report = async (status: string, extra: Record<string, unknown> = {}) => {
      const response = await fetch(mission.callback, {
        method: 'POST',
        headers: { authorization: `Bearer ${FLEET_TOKEN}`, 'content-type': 'application/json' },
        body: JSON.stringify({ missionId: mission.missionId, alertId: mission.alertId, status, at: new Date().toISOString(), ...extra }),
      });
      record(mission.missionId, { status, code: response.status, body: await response.json() });
    };
    await report('accepted', { note: 'patrol-1 assigned' });
    await report('en_route');
    await report('arrived', { note: `at ${mission.location?.map ?? '?'} (${mission.location?.x}, ${mission.location?.y})` });
    await report('observation', options.frame ? { image: options.frame.toString('base64'), note: 'camera frame' } : { note: 'looking' });
    await report('completed');
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    missions,
    replies,
    finished: async (missionId) => {
      await walks.get(missionId);
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function send(res: ServerResponse, status: number, value: unknown): void {
  const body = JSON.stringify(value);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
  res.end(body);
}
