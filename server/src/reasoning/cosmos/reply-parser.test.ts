import { describe, expect, it } from 'vitest';
import { parseReply, UNSTATED_CONFIDENCE } from './reply-parser.js';
import { findJsonValues, splitThinking } from './reply-text.js';

const reply = (content: string, reasoning: string | null = null) => ({ content, reasoning });
const ASKED = ['no_hard_hat', 'person_in_cell'];

describe('splitThinking', () => {
  it('joins reasoning_content and every think block, in order', () => {
    const split = splitThinking('<think>b</think> answer <THINK>c</THINK>', 'a');
    expect(split).toEqual({ answer: 'answer', thinking: 'a\n\nb\n\nc', cutOffInThinking: false });
  });

  it('takes text before a lone </think> as thinking', () => {
    expect(splitThinking('looking…</think>{"x":1}', null)).toEqual({ answer: '{"x":1}', thinking: 'looking…', cutOffInThinking: false });
  });

  it('knows a reply cut off inside <think>', () => {
    expect(splitThinking('<think>still going', null)).toEqual({ answer: '', thinking: 'still going', cutOffInThinking: true });
  });
});

describe('findJsonValues', () => {
  it('finds several values in prose and skips brackets that are not JSON', () => {
    const scan = findJsonValues('see [frame 2] then {"a": 1} and [1, 2,]');
    expect(scan.values).toEqual([{ a: 1 }, [1, 2]]);
    expect(scan.cutOff).toBe(false);
  });

  it('tells cut-off JSON from stray brackets', () => {
    expect(findJsonValues('[{"a": 1, "b": [2').cutOff).toBe(true);
    expect(findJsonValues('{{ not json').cutOff).toBe(false);
  });

  it('keeps brackets inside strings out of the count', () => {
    expect(findJsonValues('{"reason": "a ] or } inside", "b": "\\"]"}').values).toEqual([{ reason: 'a ] or } inside', b: '"]' }]);
  });
});

describe('parseReply', () => {
  it('answers one hazard from a bare object without an id when one is asked', () => {
    const result = parseReply(reply('{"present": "yes", "confidence": 0.9}'), ['spill']);
    expect(result).toMatchObject({ ok: true, verdicts: [{ hazard: 'spill', present: true, confidence: 0.9 }] });
  });

  it('gives a stated-nothing confidence to verdicts without one', () => {
    const result = parseReply(reply('[{"hazard": "no_hard_hat", "present": true}]'), ASKED);
    expect(result).toMatchObject({ ok: true, verdicts: [{ confidence: UNSTATED_CONFIDENCE }], missing: ['person_in_cell'] });
  });

  it('drops boxes and times of an absent hazard', () => {
    const result = parseReply(reply('[{"hazard": "no_hard_hat", "present": false, "boxes": [[1,2,3,4]], "start": 1, "end": 2}]'), ASKED);
    expect(result).toMatchObject({ ok: true, verdicts: [{ present: false, boxes: [], span: null }] });
  });

  it('cannot map a recipe answer when several hazards were asked', () => {
    const recipe = '{"prediction_class_id": 0, "prediction_label": "x", "hazard_detection": {"is_hazardous": true, "temporal_segment": null}}';
    const result = parseReply(reply(recipe), ASKED);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error).toContain('cannot say which of 2 hazards');
  });

  it('reads a recipe answer with no description: its label is the reason', () => {
    const recipe = '{"prediction_label": "Overload", "hazard_detection": {"is_hazardous": true, "temporal_segment": "[1 - 2]"}}';
    const result = parseReply(reply(recipe), ['forklift_overload']);
    expect(result).toMatchObject({ ok: true, verdicts: [{ present: true, span: { start: 1, end: 2 }, reason: 'Overload' }] });
  });

  it('shortens a long reason', () => {
    const result = parseReply(reply(JSON.stringify({ hazard: 'spill', present: true, reason: 'x'.repeat(2000) })), ['spill']);
    expect(result.ok && result.verdicts[0]!.reason.length).toBe(500);
  });

  it('never throws, whatever it is given', () => {
    const odd: unknown[] = [
      null,
      undefined,
      42,
      { content: 7, reasoning: null },
      { content: '[[[[[[', reasoning: null },
      { content: '{"no_hard_hat": {"present": {"deep": [1]}}}', reasoning: null },
      { content: '[null, 1, "a", {"hazard": 5, "present": true}]', reasoning: null },
      { content: '{"hazards": "none"}', reasoning: 12 },
      { content: '</think></think><think><think>', reasoning: null },
      { content: `${'['.repeat(5000)}${']'.repeat(5000)}`, reasoning: null },
    ];
    for (const input of odd) {
      const result = parseReply(input as { content: string; reasoning: string | null }, ASKED);
      expect(typeof result.ok).toBe('boolean');
      if (!result.ok) expect(result.error.length).toBeGreaterThan(0);
    }
  });

  it('never throws on random text', () => {
    let seed = 7;
    const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    const alphabet = '{}[]":,0123456789.- truefalsnu<think>/hazrdpesnt_\n\'`';
    for (let n = 0; n < 500; n++) {
      const length = Math.floor(random() * 200);
      let text = '';
      for (let i = 0; i < length; i++) text += alphabet[Math.floor(random() * alphabet.length)];
      const result = parseReply(reply(text), ASKED);
      if (result.ok) expect(result.verdicts.length).toBeGreaterThan(0);
      else expect(result.error).toBeTruthy();
    }
  });
});
