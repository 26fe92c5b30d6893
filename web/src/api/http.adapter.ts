import type { ErrorDto, FieldErrorDto } from './contracts.js';
import { session } from './session.js';

/** A refused or failed API call, with the server's code, message and field errors. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly fields: FieldErrorDto[] = [],
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

const UNAUTHORIZED_NOTICE = 'The API token was not accepted. Sign in again.';

async function errorFrom(response: Response): Promise<ApiError> {
  try {
    const body = (await response.json()) as Partial<ErrorDto>;
    if (body.error) return new ApiError(response.status, body.error.code, body.error.message, body.error.fields ?? []);
  } catch {
    // Not JSON: a proxy or a server that is still starting.
  }
  return new ApiError(response.status, 'http_error', `${response.status} ${response.statusText || 'request failed'}`);
}

async function request<T>(method: string, path: string, body?: unknown, token = session.get().token): Promise<T> {
  const headers: Record<string, string> = { Accept: 'application/json' };
  if (token) headers.Authorization = `Bearer ${token}`;
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  let response: Response;
  try {
    response = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body), cache: 'no-store' });
  } catch {
    throw new ApiError(0, 'network', 'Vigil cannot be reached: check the connection to the server.');
  }
  if (response.status === 401 && token === session.get().token) session.signOut(UNAUTHORIZED_NOTICE);
  if (!response.ok) throw await errorFrom(response);
  if (response.status === 204) return undefined as T;
  return (await response.json()) as T;
}

export const api = {
  get: <T>(path: string): Promise<T> => request<T>('GET', path),
  post: <T>(path: string, body: unknown): Promise<T> => request<T>('POST', path, body),
  put: <T>(path: string, body: unknown): Promise<T> => request<T>('PUT', path, body),
  /** True when the server accepts `token`; false on 401; throws when the server cannot be asked. */
  async tokenAccepted(token: string): Promise<boolean> {
    try {
      await request('GET', '/api/cameras', undefined, token);
      return true;
    } catch (error) {
      if (error instanceof ApiError && error.status === 401) return false;
      throw error;
    }
  },
};

/** A URL for `<img>` and `<video>`, which cannot send headers: the token goes in `?token=`. */
export function mediaUrl(path: string, extra: Record<string, string> = {}): string {
  const token = session.get().token ?? '';
  const params = new URLSearchParams({ ...extra, token });
  return `${path}${path.includes('?') ? '&' : '?'}${params.toString()}`;
}

export const errorText = (error: unknown): string => (error instanceof Error ? error.message : String(error));
