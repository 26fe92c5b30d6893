import { invalidInput } from '../domain/index.js';
import { isUuid } from './store-errors.js';

/** A position in the alert list, newest first: the last item a page returned. */
export interface AlertCursor {
  startedAt: number;
  id: string;
}

export function encodeAlertCursor(cursor: AlertCursor): string {
  return Buffer.from(JSON.stringify([cursor.startedAt, cursor.id]), 'utf8').toString('base64url');
}

/** Fails with VigilError('invalid_input') for anything encodeAlertCursor did not produce. */
export function decodeAlertCursor(text: string): AlertCursor {
  let decoded: unknown;
  try {
    if (!/^[A-Za-z0-9_-]+$/.test(text)) throw new Error('not base64url');
    decoded = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
  } catch {
    throw invalidInput('invalid cursor');
  }
  if (!Array.isArray(decoded) || decoded.length !== 2) throw invalidInput('invalid cursor');
  const [startedAt, id] = decoded as unknown[];
  if (typeof startedAt !== 'number' || !Number.isSafeInteger(startedAt) || typeof id !== 'string' || !isUuid(id)) {
    throw invalidInput('invalid cursor');
  }
  return { startedAt, id: id.toLowerCase() };
}
