import sharp from 'sharp';
import { buildPrompt, parseReply, planVisionBudget, tokenSide, type HazardQuestion, type ModelManifest } from '../reasoning/cosmos/index.js';
import type { Reasoner } from '../reasoning/reasoner.js';
import type { RobotFrameCheck } from './robot-verdict.js';

export interface RobotFrameReasonerOptions {
  reasoner: Reasoner;
  manifest: ModelManifest;
  reasoning: boolean;
  visionTokenBudget: number;
  timeoutMs?: number;
}

export type RobotFrameReasoner = (input: { jpeg: Buffer; question: HazardQuestion; robotName: string }) => Promise<RobotFrameCheck>;

/**
 * Asks the hazard question of one frame from a robot's camera, through the same prompt and reply parser as
 * the fixed cameras' windows. The frame is resized to fit the vision-token budget (multiples of the token side).
 */
export function createRobotFrameReasoner(options: RobotFrameReasonerOptions): RobotFrameReasoner {
  return async ({ jpeg, question, robotName }) => {
    try {
      const meta = await sharp(jpeg).metadata();
      if (!meta.width || !meta.height) return { ok: false, error: 'the image has no size' };
      const plan = planVisionBudget([{ width: meta.width, height: meta.height }], {
        budget: options.visionTokenBudget,
        tokenSide: tokenSide(options.manifest),
      });
      const pick = plan.picks[0];
      if (!pick) return { ok: false, error: 'the image does not fit the vision-token budget' };
      const sized = await sharp(jpeg).rotate().resize(pick.width, pick.height, { fit: 'fill' }).jpeg({ quality: 85 }).toBuffer();
      const built = buildPrompt({
        camera: { id: robotName, name: robotName },
        hazards: [question],
        images: [{ atSeconds: 0, width: pick.width, height: pick.height, jpeg: sized }],
        reasoning: options.reasoning,
        manifest: options.manifest,
      });
      const reply = await options.reasoner.complete(built.prompt, options.timeoutMs ? { timeoutMs: options.timeoutMs } : {});
      const parsed = parseReply(reply, [question.hazard]);
      if (!parsed.ok) return { ok: false, error: parsed.error };
      const verdict = parsed.verdicts.find((v) => v.hazard === question.hazard);
      if (!verdict) return { ok: false, error: `the reply says nothing about ${question.hazard}` };
      return { ok: true, verdict, modelId: reply.modelId || options.reasoner.modelId || options.manifest.id };
    } catch (error) {
      return { ok: false, error: error instanceof Error ? error.message : String(error) };
    }
  };
}
