import type { ErrorDto, FieldErrorDto } from './contracts.js';
import { session } from './session.js';

/** A refused or failed API call, with the server's code, message and field errors. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly fields: FieldErrorDto[] = [],
    /** The raw `Retry-After` header of a 429 or 503. */
    readonly retryAfter: string | null = null,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

const UNSAFE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

async function errorFrom(response: Response): Promise<ApiError> {
  const retryAfter = response.headers.get('Retry-After');
  try {
    const body = (await response.json()) as Partial<ErrorDto>;
    if (body.error) return new ApiError(response.status, body.error.code, body.error.message, body.error.fields ?? [], retryAfter);
  } catch {
    // Not JSON: a proxy or a server that is still starting.
  }
  return new ApiError(response.status, 'http_error', `${response.status} ${response.statusText || 'request failed'}`, [], retryAfter);
}

/**
 * How a request signs in: `session` uses whatever this browser is signed in with (API token, or the session
 * cookie plus its CSRF token) and signs out when it is refused; `{ token }` tries that API token alone;
 * `anonymous` sends only the cookie, for sign-in, setup and "who am I".
 */
export type Credentials = 'session' | 'anonymous' | { token: string };

/** The headers that sign a request in: the bearer token, or the CSRF token of a cookie session on unsafe methods. */
export function authHeaders(method: string): Record<string, string> {
  const { token, csrfToken } = session.get();
  if (token) return { Authorization: `Bearer ${token}` };
  if (csrfToken && UNSAFE_METHODS.has(method.toUpperCase())) return { 'X-CSRF-Token': csrfToken };
  return {};
}

/** Signs out when Vigil refuses the credentials of the session that sent the request (not a newer one). */
export function expireOn401(status: number, generation: number): void {
  const now = session.get();
  if (status === 401 && now.status === 'signed-in' && now.generation === generation) session.expire();
}

async function send(method: string, path: string, body: unknown, credentials: Credentials): Promise<Response> {
  const headers: Record<string, string> = { Accept: 'application/json' };
  if (credentials === 'session') Object.assign(headers, authHeaders(method));
  else if (credentials !== 'anonymous') headers.Authorization = `Bearer ${credentials.token}`;
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  const generation = session.get().generation;
  let response: Response;
  try {
    response = await fetch(path, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      cache: 'no-store',
      credentials: 'same-origin',
    });
  } catch {
    throw new ApiError(0, 'network', 'Vigil cannot be reached: check the connection to the server.');
  }
  if (credentials === 'session') expireOn401(response.status, generation);
  return response;
}

export async function request<T>(method: string, path: string, body?: unknown, credentials: Credentials = 'session'): Promise<T> {
  const response = await send(method, path, body, credentials);
  if (!response.ok) throw await errorFrom(response);
  if (response.status === 204) return undefined as T;
  return (await response.json()) as T;
}

export const api = {
  get: <T>(path: string): Promise<T> => request<T>('GET', path),
  post: <T>(path: string, body: unknown): Promise<T> => request<T>('POST', path, body),
  put: <T>(path: string, body: unknown): Promise<T> => request<T>('PUT', path, body),
  delete: (path: string): Promise<void> => request<void>('DELETE', path),
  /** True when the server accepts `token`; false on 401; throws when the server cannot be asked. */
  async tokenAccepted(token: string): Promise<boolean> {
    try {
      await request('GET', '/api/cameras', undefined, { token });
      return true;
    } catch (error) {
      if (error instanceof ApiError && error.status === 401) return false;
      throw error;
    }
  },
};

/**
 * A URL for `<img>` and `<video>`, which cannot send headers: an API token goes in `?token=`; a cookie session
 * needs nothing (the browser sends the cookie).
 */
export function mediaUrl(path: string, extra: Record<string, string> = {}): string {
  const token = session.get().token;
  const params = new URLSearchParams({ ...extra, ...(token ? { token } : {}) });
  const query = params.toString();
  if (!query) return path;
  return `${path}${path.includes('?') ? '&' : '?'}${query}`;
}

export const errorText = (error: unknown): string => (error instanceof Error ? error.message : String(error));
