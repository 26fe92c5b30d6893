import { DrizzleQueryError } from 'drizzle-orm';
import { redactText, VigilError } from '../domain/index.js';

/** The SQLSTATE of a driver error, looking through drizzle's wrapper (whose message quotes the parameters). */
export function sqlState(error: unknown): string | null {
  let current: unknown = error;
  for (let depth = 0; depth < 5 && current && typeof current === 'object'; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code)) return code;
    current = (current as { cause?: unknown }).cause;
  }
  return null;
}

export const UNIQUE_VIOLATION = '23505';

/**
 * A database failure as a VigilError. The driver's own message is kept, never drizzle's wrapper text: that one
 * quotes the query parameters, which may hold a camera URL with credentials.
 */
export function storeError(error: unknown, action: string): VigilError {
  if (error instanceof VigilError) return error;
  let cause: unknown = error;
  while (cause instanceof DrizzleQueryError) cause = cause.cause;
  const message = cause instanceof Error ? cause.message : 'database error';
  const state = sqlState(error);
  const code = state?.startsWith('08') || state === '57P01' ? 'unavailable' : 'internal';
  return new VigilError(code, `${action} failed: ${redactText(message)}`, state ? { sqlState: state } : undefined);
}

/** Runs a repository operation, turning driver errors into VigilErrors. */
export async function guarded<T>(action: string, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    throw storeError(error, action);
  }
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export const isUuid = (value: string): boolean => UUID.test(value);
