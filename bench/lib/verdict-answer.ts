/**
 * What the benchmarks' stand-in chat-completions server says: for every hazard a prompt asks about, a verdict in
 * the JSON shape Vigil's prompt asks for. Pure: the server (instant-verdict-peer.ts) only wraps it in HTTP.
 */

/** The hazard ids a Vigil prompt asks about, in order, from its numbered `N. hazard "id": …` lines. */
export function askedHazards(promptText: string): string[] {
  const ids: string[] = [];
  for (const match of promptText.matchAll(/^\d+\. hazard ("(?:[^"\\]|\\.)*"):/gm)) ids.push(JSON.parse(match[1]!) as string);
  return ids;
}

export interface VerdictAnswerOptions {
  /** The first hazard is seen (with a box and a time span); otherwise nothing is present. */
  finding: boolean;
}

/** A valid answer to every asked hazard: the JSON list the prompt asks for. */
export function verdictAnswer(hazards: readonly string[], options: VerdictAnswerOptions): string {
  const verdicts = hazards.map((hazard, index) =>
    options.finding && index === 0
      ? { hazard, present: true, confidence: 0.85, boxes: [{ bbox_2d: [612, 410, 700, 880], label: 'worker' }], start: 0.5, end: 3.5, reason: 'A worker stands inside the marked area.' }
      : { hazard, present: false, confidence: 0.9, boxes: [], start: null, end: null, reason: 'Nothing of the kind is visible.' },
  );
  return JSON.stringify(verdicts);
}

/** The short think text that goes with a verdict (served as `reasoning_content`, as vLLM's qwen3 parser does). */
export const THINKING = 'The frames show the hall, the shelving and the marked robot cell; I check each question in turn.';
