import { readFileSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseReply, type ParsedReply } from '../../server/src/reasoning/cosmos/index.js';

/**
 * Every reply in replies/ (a .txt is the content as the model wrote it; a .json holds {content, reasoning}
 * as a server with a reasoning parser returns them) goes through the parser, and must give what its
 * NAME.expected.json records: the hazards asked and the whole result, or for a failure a phrase of the error.
 */
const dir = join(dirname(fileURLToPath(import.meta.url)), 'replies');
const files = readdirSync(dir).sort();
const replies = files.filter((name) => /\.(txt|json)$/.test(name) && !name.endsWith('.expected.json'));

type Expected =
  | { asked: string[]; result: Extract<ParsedReply, { ok: true }> }
  | { asked: string[]; result: { ok: false; errorIncludes: string; thinking: string | null } };

const expectedName = (reply: string): string => reply.replace(/\.(txt|json)$/, '.expected.json');

function readReply(name: string): { content: string; reasoning: string | null } {
  const text = readFileSync(join(dir, name), 'utf8');
  if (name.endsWith('.txt')) return { content: text, reasoning: null };
  const parsed = JSON.parse(text) as { content: string; reasoning?: string | null };
  return { content: parsed.content, reasoning: parsed.reasoning ?? null };
}

describe('reply corpus', () => {
  it('holds at least 20 replies, each with its expected outcome and no expected outcome without a reply', () => {
    expect(replies.length).toBeGreaterThanOrEqual(20);
    const expectedFiles = files.filter((name) => name.endsWith('.expected.json'));
    expect(expectedFiles.sort()).toEqual(replies.map(expectedName).sort());
  });

  it('covers both outcomes', () => {
    const outcomes = replies.map((name) => (JSON.parse(readFileSync(join(dir, expectedName(name)), 'utf8')) as Expected).result.ok);
    expect(outcomes).toContain(true);
    expect(outcomes).toContain(false);
  });

  it.each(replies)('%s', (name) => {
    const expected = JSON.parse(readFileSync(join(dir, expectedName(name)), 'utf8')) as Expected;
    const result = parseReply(readReply(name), expected.asked);
    if (expected.result.ok) {
      expect(result).toEqual(expected.result);
      return;
    }
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error).toContain(expected.result.errorIncludes);
    expect(result.thinking).toBe(expected.result.thinking);
  });
});
