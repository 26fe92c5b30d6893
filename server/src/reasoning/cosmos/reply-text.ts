/** Pulling the think text and the JSON answer out of a Cosmos Reason 2 reply. Pure. */

export interface SplitReply {
  /** What follows the think text: where the answer should be. */
  answer: string;
  thinking: string | null;
  /** The reply opened <think> and never closed it: it was cut off while still thinking. */
  cutOffInThinking: boolean;
}

const OPEN = /<think>/i;
const CLOSE = /<\/think>/i;
const THINK_BLOCK = /<think>([\s\S]*?)<\/think>/gi;
const ANSWER_TAG = /<\/?answer>/gi;

/**
 * Separates think text from the answer: `reasoning` (a server's reasoning_content), `<think>…</think>` blocks,
 * and text ending in `</think>` with no opening tag (chat templates that put `<think>` in the prompt, so the
 * reply starts inside it).
 */
export function splitThinking(content: string, reasoning: string | null): SplitReply {
  const parts: string[] = [];
  if (reasoning && reasoning.trim()) parts.push(reasoning.trim());
  let text = content;
  const open = text.search(OPEN);
  const close = text.search(CLOSE);
  if (close >= 0 && (open < 0 || open > close)) {
    parts.push(text.slice(0, close));
    text = text.slice(close).replace(CLOSE, '');
  }
  text = text.replace(THINK_BLOCK, (_whole, inner: string) => {
    parts.push(inner);
    return '\n';
  });
  let cutOffInThinking = false;
  const unclosed = text.search(OPEN);
  if (unclosed >= 0) {
    parts.push(text.slice(unclosed).replace(OPEN, ''));
    text = text.slice(0, unclosed);
    cutOffInThinking = true;
  }
  text = text.replace(CLOSE, '').replace(ANSWER_TAG, '');
  const thinking = parts.map((part) => part.trim()).filter(Boolean).join('\n\n');
  return { answer: text.trim(), thinking: thinking || null, cutOffInThinking };
}

export interface JsonScan {
  /** Every complete JSON object or list found outside another, in order. */
  values: unknown[];
  /** Some bracket was still open when the text ended (a reply cut off at its token limit). */
  cutOff: boolean;
  /** Why the last bracketed text that looked like JSON could not be read, or null. */
  unreadable: string | null;
}

const FENCE_MARK = /```[\w-]*/g;
/** Brackets, then a string or a number: JSON that was cut off, not stray brackets in prose. */
const JSON_LIKE_START = /^[[{][\s[{]*["'\d-]/;

/**
 * Finds the JSON in an answer: inside ```json or bare ``` fences or in prose. Small slips models make are
 * mended: trailing commas, Python's True/False/None, single-quoted strings. A list cut off midway still
 * yields the objects in it that were complete.
 */
export function findJsonValues(answer: string): JsonScan {
  const text = answer.replace(FENCE_MARK, ' ');
  const values: unknown[] = [];
  let cutOff = false;
  let unreadable: string | null = null;
  let i = 0;
  while (i < text.length) {
    const start = nextOpening(text, i);
    if (start < 0) break;
    const end = matchingClose(text, start);
    if (end === TEXT_ENDS && JSON_LIKE_START.test(text.slice(start, start + 200))) cutOff = true;
    else if (end === MISMATCH) unreadable = 'its brackets do not match';
    if (end < 0) {
      i = start + 1;
      continue;
    }
    const parsed = parseLenient(text.slice(start, end + 1));
    if (parsed.ok) {
      values.push(parsed.value);
      i = end + 1;
    } else {
      unreadable = parsed.error;
      i = start + 1;
    }
  }
  return { values, cutOff, unreadable };
}

function nextOpening(text: string, from: number): number {
  for (let i = from; i < text.length; i++) if (text[i] === '{' || text[i] === '[') return i;
  return -1;
}

const TEXT_ENDS = -1;
const MISMATCH = -2;

/** Index of the bracket closing the one at `start`, skipping strings; TEXT_ENDS or MISMATCH when there is none. */
function matchingClose(text: string, start: number): number {
  const stack: string[] = [];
  let quote: string | null = null;
  for (let i = start; i < text.length; i++) {
    const ch = text[i]!;
    if (quote) {
      if (ch === '\\') i++;
      else if (ch === quote) quote = null;
      continue;
    }
    if (ch === '"') quote = ch;
    else if (ch === '{') stack.push('}');
    else if (ch === '[') stack.push(']');
    else if (ch === '}' || ch === ']') {
      if (stack.pop() !== ch) return MISMATCH;
      if (stack.length === 0) return i;
    }
  }
  return TEXT_ENDS;
}

type Lenient = { ok: true; value: unknown } | { ok: false; error: string };

function parseLenient(slice: string): Lenient {
  const attempts = [slice, mend(slice)];
  if (!slice.includes('"') && slice.includes("'")) attempts.push(mend(slice.replace(/'/g, '"')));
  let error = '';
  for (const attempt of attempts) {
    try {
      return { ok: true, value: JSON.parse(attempt) };
    } catch (err) {
      error ||= (err as Error).message;
    }
  }
  return { ok: false, error };
}

const PYTHON_WORDS: Record<string, string> = { True: 'true', False: 'false', None: 'null' };

/** Drops trailing commas and turns Python literals into JSON ones, outside strings. */
function mend(text: string): string {
  let out = '';
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (inString) {
      out += ch;
      if (ch === '\\' && i + 1 < text.length) out += text[++i];
      else if (ch === '"') inString = false;
      continue;
    }
    if (ch === '"') {
      inString = true;
      out += ch;
      continue;
    }
    if (ch === ',' && /^\s*[}\]]/.test(text.slice(i + 1))) continue;
    const word = /^(True|False|None)\b/.exec(text.slice(i));
    if (word && !/\w/.test(text[i - 1] ?? '')) {
      out += PYTHON_WORDS[word[1]!];
      i += word[1]!.length - 1;
      continue;
    }
    out += ch;
  }
  return out;
}
