import { createHash } from 'node:crypto';
import type { ModelPrompt, PromptImage } from '../reasoner.js';
import { samplingFor, tokenSide, type ModelManifest } from './model-manifest.js';
import { visionTokens } from './vision-budget.js';

/** One hazard to ask about; zones are named in words, since the model cannot see Vigil's polygons. */
export interface HazardQuestion {
  hazard: string;
  ask: string;
  zones: { id: string; name: string }[];
}

export interface PromptInput {
  camera: { id: string; name: string };
  hazards: readonly HazardQuestion[];
  /** Already resized (see vision-budget.ts), oldest first. */
  images: readonly PromptImage[];
  reasoning: boolean;
  manifest: ModelManifest;
}

export interface BuiltPrompt {
  prompt: ModelPrompt;
  /** SHA-256 (hex) of the system text, the user text and the hazard list: equal questions hash equal, whatever the frames. */
  promptHash: string;
  visionTokens: number;
}

/** One call asks every hazard of the window; the answer is a JSON list with one object per hazard. */
export function buildPrompt(input: PromptInput): BuiltPrompt {
  const { camera, hazards, images, reasoning, manifest } = input;
  if (hazards.length === 0) throw new RangeError('a prompt needs at least one hazard to ask about');
  const seen = new Set<string>();
  for (const { hazard } of hazards) {
    if (seen.has(hazard)) throw new RangeError(`hazard "${hazard}" is asked twice; merge the questions first`);
    seen.add(hazard);
  }
  const question = questionText(camera, hazards);
  const text = reasoning ? `${question}\n\n${manifest.prompt.reasoningSuffix}` : question;
  const system = manifest.prompt.system;
  const side = tokenSide(manifest);
  return {
    prompt: { system, images: [...images], text, reasoning, sampling: samplingFor(manifest, reasoning) },
    promptHash: hashPrompt(system, text, hazards),
    visionTokens: images.reduce((sum, image) => sum + visionTokens(image.width, image.height, side), 0),
  };
}

function questionText(camera: PromptInput['camera'], hazards: readonly HazardQuestion[]): string {
  const lines = [
    `You are an industrial safety inspector reviewing frames from the camera ${quote(camera.name)}, oldest first.`,
    'Each frame comes after its time mark <t seconds>: seconds from the start of the clip.',
    'Judge only what the frames show. Ignore wear, old paint and clutter unless a question asks about them.',
    '',
    'Answer each of these questions:',
    ...hazards.map((question, n) => `${n + 1}. hazard ${quote(question.hazard)}: ${question.ask.trim()}${zoneClause(question.zones)}`),
    '',
    'Reply with JSON only: a list with one object per hazard above, in the same order:',
    '[{"hazard": "<hazard id>", "present": true or false, "confidence": <0 to 1>, "boxes": [{"bbox_2d": [x1, y1, x2, y2], "label": "<what the box shows>"}], "start": <seconds or null>, "end": <seconds or null>, "reason": "<one short sentence>"}]',
    '- present: true when the answer to the question is yes.',
    '- confidence: how sure you are of this answer, from 0 to 1.',
    '- boxes: where the hazard is in the newest frame that shows it, in coordinates from 0 to 1000 with the origin at the top-left (x to the right, y down); [] when nothing is present.',
    '- start and end: the time marks of the first and last frames that show the hazard; null when it is not present.',
  ];
  return lines.join('\n');
}

function zoneClause(zones: HazardQuestion['zones']): string {
  if (zones.length === 0) return '';
  const names = zones.map((zone) => quote(zone.name));
  const list = names.length === 1 ? names[0] : `${names.slice(0, -1).join(', ')} or ${names.at(-1)}`;
  return ` Only count it inside ${zones.length === 1 ? 'the zone called' : 'the zones called'} ${list}.`;
}

const quote = (text: string): string => JSON.stringify(text);

function hashPrompt(system: string, text: string, hazards: readonly HazardQuestion[]): string {
  const hazardList = hazards.map(({ hazard, ask, zones }) => ({ hazard, ask, zones: zones.map(({ id, name }) => ({ id, name })) }));
  return createHash('sha256').update(JSON.stringify({ system, text, hazards: hazardList })).digest('hex');
}
