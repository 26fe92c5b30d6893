import { lookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import type { CameraLocation } from '../../domain/index.js';
import type { Channel, Delivery, DeliveryResult } from '../channel.js';
import { deadline } from '../deadline.js';
import { refusedAddress } from './robot-address.js';
import { buildMission, dispatchesMission, missionResult } from './robot-mission.js';

export interface RobotChannelOptions {
  /** The robot channel's id in vigil.yaml ("patrol-1"); rules notify `robot:<id>`. */
  id: string;
  /** The fleet controller's base URL; missions go to `{url}/missions`. */
  url: string;
  token: string;
  allowPrivate: boolean;
  /** Vigil's base URL as the fleet reaches it (callbacks and evidence links). */
  publicUrl(): string;
  location(cameraId: string): CameraLocation | null;
  /** Per attempt; the dispatcher's signal may end it sooner. */
  timeoutMs?: number;
}

/** Sends a patrol robot to the alert's location: `POST {url}/missions` with the fleet's bearer token. */
export class RobotChannel implements Channel {
  readonly id: string;

  constructor(private readonly options: RobotChannelOptions) {
    this.id = `robot:${options.id}`;
  }

  async deliver(delivery: Delivery, signal: AbortSignal): Promise<DeliveryResult> {
    if (!dispatchesMission(delivery)) return { ok: true, detail: `nothing for a robot to do on ${delivery.event}` };
    let mission;
    try {
      mission = buildMission(delivery, { robotId: this.options.id, publicUrl: this.options.publicUrl(), location: this.options.location });
    } catch (error) {
      return { ok: false, error: (error as Error).message, retryable: false };
    }
    const target = new URL('missions', this.options.url.endsWith('/') ? this.options.url : `${this.options.url}/`);
    const refused = await this.#refused(target.hostname);
    if (refused) return { ok: false, error: `robot fleet address refused: ${refused}`, retryable: false };
    const limit = deadline(this.options.timeoutMs ?? 10_000, signal);
    try {
      const response = await fetch(target, {
        method: 'POST',
        headers: { authorization: `Bearer ${this.options.token}`, 'content-type': 'application/json', 'idempotency-key': mission.missionId },
        body: JSON.stringify(mission),
        redirect: 'error',
        signal: limit.signal,
      });
      return missionResult(response.status, await response.text().catch(() => ''));
    } catch (error) {
      const reason = error instanceof Error && error.name === 'TimeoutError' ? 'timed out' : describe(error);
      return { ok: false, error: `the robot fleet could not be reached: ${reason}`, retryable: true };
    } finally {
      limit.clear();
    }
  }

  async #refused(hostname: string): Promise<string | null> {
    const host = hostname.replace(/^\[|\]$/g, '');
    if (isIP(host)) return refusedAddress(host, this.options.allowPrivate);
    try {
      const addresses = await lookup(host, { all: true });
      for (const { address } of addresses) {
        const why = refusedAddress(address, this.options.allowPrivate);
        if (why) return `${host} → ${why}`;
      }
      return null;
    } catch {
      return null; // An unresolvable name fails in fetch, as a retryable error.
    }
  }
}

function describe(error: unknown): string {
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  return cause?.code ?? cause?.message ?? (error instanceof Error ? error.message : String(error));
}
