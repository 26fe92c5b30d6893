/** Why `npm run model:fetch` stopped; the message says what to do about it. */
export type ModelFetchErrorKind =
  | 'usage'
  | 'unreachable'
  | 'unauthorized'
  | 'not_found'
  | 'http'
  | 'no_export'
  | 'bad_listing'
  | 'incomplete'
  | 'corrupt';

export class ModelFetchError extends Error {
  constructor(
    readonly kind: ModelFetchErrorKind,
    message: string,
  ) {
    super(message);
    this.name = 'ModelFetchError';
  }
}

/** What to do when the hub cannot be reached, for the folder the fetch was going to fill. */
export function offlineAdvice(dir: string, files: readonly string[]): string {
  return (
    `Without access to the hub, copy the model folder by hand into ${dir} (it needs ${files.join(', ')}), ` +
    'or set HF_ENDPOINT to a mirror of the hub that this machine can reach (e.g. HF_ENDPOINT=https://hf-mirror.example).'
  );
}

export function unreachableError(url: string, cause: string, advice: string): ModelFetchError {
  return new ModelFetchError('unreachable', `cannot reach the model hub: GET ${url} failed (${cause}).\n${advice}`);
}

/** A 401/403 from the hub: the repository is gated or private, does not exist, or the token was refused. */
export function unauthorizedError(url: string, status: number, repo: string, hasToken: boolean): ModelFetchError {
  const what = hasToken
    ? 'the hub did not accept HF_TOKEN for it: check the token and that its account has access to the repository'
    : `${repo} is gated or private, or does not exist: accept its licence on the hub if it has one, then set HF_TOKEN to an access token`;
  return new ModelFetchError('unauthorized', `GET ${url} answered HTTP ${status}: ${what}.`);
}

export function notFoundError(url: string, what: string): ModelFetchError {
  return new ModelFetchError('not_found', `GET ${url} answered HTTP 404: ${what}.`);
}

export function httpError(url: string, status: number, body: string): ModelFetchError {
  const detail = body.trim().slice(0, 200);
  return new ModelFetchError('http', `GET ${url} answered HTTP ${status}${detail ? `: ${detail}` : ''}.`);
}

/** The innermost message of a fetch failure (`fetch failed` hides the socket error in `cause`). */
export function causeOf(error: unknown): string {
  let current: unknown = error;
  let message = error instanceof Error ? error.message : String(error);
  for (let depth = 0; depth < 5 && current instanceof Error && current.cause !== undefined; depth++) {
    current = current.cause;
    if (current instanceof Error && current.message) message = current.message;
  }
  return message;
}
