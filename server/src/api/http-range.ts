/**
 * What to send for a `Range` request header on a file of `size` bytes.
 * - `full`: no Range, another unit, or several ranges (served whole rather than as multipart).
 * - `partial`: one satisfiable byte range, inclusive bounds, clipped to the file.
 * - `unsatisfiable`: a malformed byte range, or one that starts past the end (416).
 */
export type RangeDecision =
  | { kind: 'full' }
  | { kind: 'partial'; start: number; end: number }
  | { kind: 'unsatisfiable' };

const BYTE_RANGE = /^(\d*)-(\d*)$/;

export function decideRange(header: string | undefined, size: number): RangeDecision {
  if (header === undefined) return { kind: 'full' };
  const trimmed = header.trim();
  const equals = trimmed.indexOf('=');
  if (equals < 0) return { kind: 'unsatisfiable' };
  if (trimmed.slice(0, equals).trim().toLowerCase() !== 'bytes') return { kind: 'full' };
  const specs = trimmed.slice(equals + 1).split(',').map((s) => s.trim());
  if (specs.length !== 1) return specs.every((s) => BYTE_RANGE.test(s)) ? { kind: 'full' } : { kind: 'unsatisfiable' };
  const match = BYTE_RANGE.exec(specs[0] ?? '');
  if (!match) return { kind: 'unsatisfiable' };
  const [, first = '', last = ''] = match;
  if (first === '' && last === '') return { kind: 'unsatisfiable' };
  if (first === '') {
    // Suffix range: the last N bytes.
    const length = Number(last);
    if (length === 0 || size === 0) return { kind: 'unsatisfiable' };
    return { kind: 'partial', start: Math.max(0, size - length), end: size - 1 };
  }
  const start = Number(first);
  const end = last === '' ? size - 1 : Math.min(Number(last), size - 1);
  if (last !== '' && Number(last) < start) return { kind: 'unsatisfiable' };
  if (start >= size) return { kind: 'unsatisfiable' };
  return { kind: 'partial', start, end };
}
