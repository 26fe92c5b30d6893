import { invalidInput, notFound, VigilError } from '../domain/index.js';
import type { RobotEventBody, RobotEventReplyDto } from '../contracts/index.js';
import type { Logger } from '../observability/logger.js';
import type { CompiledRule } from '../rules/index.js';
import type { AlertRepository, AlertWithHistory, EvidenceInput, TransitionInput } from '../store/ports.js';
import { tokensMatch } from '../api/token-match.js';
import type { RobotFrameReasoner } from './robot-frame-reasoner.adapter.js';
import { robotOutcome, robotQuestionFor, robotStatusNote } from './robot-verdict.js';

export interface RobotServiceDeps {
  /** The robot channels of vigil.yaml. */
  robots: readonly { id: string; token: string; camera?: string | undefined }[];
  alerts: Pick<AlertRepository, 'get' | 'note' | 'addEvidence'>;
  /** The lifecycle transition with its live event and outbox rows (the alert service). */
  act(input: TransitionInput): Promise<AlertWithHistory>;
  rules(): readonly CompiledRule[];
  saveFrame(input: { alertId: string; onsetTs: number; robotId: string; at: number; jpeg: Buffer }): Promise<EvidenceInput>;
  /** Null when hazard reasoning is off: frames are kept, with no verdict. */
  checkFrame: RobotFrameReasoner | null;
  /** The current frame of a camera as JPEG (a robot's own camera); null when it sends no recent video. */
  cameraFrame?: (cameraId: string) => Promise<{ jpeg: Buffer; at: number } | null>;
  /** A timeline change the dashboard should see. */
  onChanged(history: AlertWithHistory): void;
  logger: Logger;
  now?: () => number;
}

export type RobotAuth = 'ok' | 'unknown_robot' | 'bad_token';

/**
 * What patrol robots report on their missions: every status goes on the alert's timeline, frames from the
 * robot's camera are kept as evidence and asked the alert's hazard question. A confident "still there" marks
 * the alert verified; a confident "gone" resolves it on the robot's word.
 */
export class RobotService {
  readonly #tokens: Map<string, string>;
  readonly #cameras: Map<string, string>;
  readonly #pending = new Set<Promise<void>>();

  constructor(private readonly deps: RobotServiceDeps) {
    this.#tokens = new Map(deps.robots.map((robot) => [robot.id, robot.token]));
    this.#cameras = new Map(deps.robots.flatMap((robot) => (robot.camera ? [[robot.id, robot.camera] as const] : [])));
  }

  authenticate(robotId: string, token: string | null): RobotAuth {
    const expected = this.#tokens.get(robotId);
    if (expected === undefined) return 'unknown_robot';
    return tokensMatch(token, expected) ? 'ok' : 'bad_token';
  }

  /** Records one report; a frame's verdict follows on the timeline once the model has answered. */
  async report(robotId: string, body: RobotEventBody): Promise<RobotEventReplyDto> {
    const actor = `robot:${robotId}`;
    const found = await this.deps.alerts.get(body.alertId);
    if (!found) throw notFound('alert', body.alertId);
    if (!found.alert.notify.includes(actor)) throw new VigilError('forbidden', `alert ${body.alertId} was not sent to robot ${robotId}`);
    const now = this.deps.now?.() ?? Date.now();
    let at = body.at ? Date.parse(body.at) : now;
    let jpeg = body.image === undefined ? null : decodeJpeg(body.image);
    const cameraId = this.#cameras.get(robotId);
    let missingFrame: string | null = null;
    if (!jpeg && body.status === 'observation' && cameraId) {
      // The robot streams its camera to Vigil: its observation is what that camera shows now.
      const live = await this.deps.cameraFrame?.(cameraId);
      if (live) ({ jpeg, at } = live);
      else missingFrame = `no frame to check: the robot's camera ${cameraId} sends no video`;
    }

    let history = await this.deps.alerts.note({ alertId: body.alertId, at, actor, action: 'robot', note: robotStatusNote(body.status, body.missionId, body.note) });
    this.deps.onChanged(history);
    const reply: RobotEventReplyDto = { alertId: body.alertId, missionId: body.missionId, status: body.status, verdict: 'none' };
    if (missingFrame) {
      this.deps.onChanged(await this.deps.alerts.note({ alertId: body.alertId, at: now, actor, action: 'robot', note: missingFrame }));
    }
    if (!jpeg) return reply;

    const frame = await this.deps.saveFrame({ alertId: body.alertId, onsetTs: found.alert.startedAt, robotId, at, jpeg });
    history = await this.deps.alerts.addEvidence(body.alertId, frame, now, actor);
    if (!this.deps.checkFrame) {
      history = await this.deps.alerts.note({ alertId: body.alertId, at: now, actor, action: 'robot', note: 'no verdict: hazard reasoning is off; the frame is kept as evidence' });
      this.deps.onChanged(history);
      return { ...reply, verdict: 'off' };
    }
    this.deps.onChanged(history);
    this.#track(this.#verify(robotId, found.alert.id, jpeg));
    return { ...reply, verdict: 'pending' };
  }

  /** Waits for verdicts still in flight (tests, shutdown). */
  async drain(): Promise<void> {
    while (this.#pending.size > 0) await Promise.allSettled([...this.#pending]);
  }

  async #verify(robotId: string, alertId: string, jpeg: Buffer): Promise<void> {
    const actor = `robot:${robotId}`;
    const current = await this.deps.alerts.get(alertId);
    if (!current) return;
    const rule = this.deps.rules().find((r) => r.id === current.alert.ruleId) ?? null;
    const { question, minConfidence } = robotQuestionFor(current.alert, rule);
    const check = await this.deps.checkFrame!({ jpeg, question, robotName: `patrol robot ${robotId}` });
    const outcome = robotOutcome(check, minConfidence);
    const at = this.deps.now?.() ?? Date.now();
    const latest = (await this.deps.alerts.get(alertId)) ?? current;
    const stillOpen = latest.alert.status === 'open' || latest.alert.status === 'acknowledged';
    if (outcome.kind === 'absent' && stillOpen) {
      await this.deps.act({ alertId, action: 'resolve', actor, note: outcome.note, at });
      return;
    }
    const note = outcome.kind === 'absent' ? `${outcome.note}; the alert was already ${latest.alert.status}` : outcome.note;
    const history = await this.deps.alerts.note({ alertId, at, actor, action: outcome.kind === 'present' ? 'verified' : 'robot', note });
    this.deps.onChanged(history);
  }

  #track(work: Promise<void>): void {
    const tracked = work.catch((error: unknown) => this.deps.logger.error({ err: error }, "the robot's frame could not be checked"));
    this.#pending.add(tracked);
    void tracked.finally(() => this.#pending.delete(tracked));
  }
}

function decodeJpeg(base64: string): Buffer {
  const bytes = Buffer.from(base64, 'base64');
  if (bytes.length < 4 || bytes[0] !== 0xff || bytes[1] !== 0xd8 || bytes[2] !== 0xff) {
    throw invalidInput('invalid body: image: must be a base64 JPEG', { fields: [{ path: 'image', message: 'must be a base64 JPEG' }] });
  }
  return bytes;
}
