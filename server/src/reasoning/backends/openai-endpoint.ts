import { VigilError } from '../../domain/errors.js';
import { redactUrl, urlSecrets } from '../../domain/redact.js';

/** Where an OpenAI-compatible model server is, in the forms the backend needs. */
export interface OpenAiEndpoint {
  /** Base URL ending in the API version segment and without credentials, e.g. `http://gpu-box:8000/v1`. */
  base: string;
  /** The base URL as it may be logged or shown to a person (credentials replaced by `***`). */
  shown: string;
  /** `Basic …` from user:password in the configured URL: fetch refuses URLs that carry credentials. */
  basicAuth?: string;
  /** Strings that must never reach a log line or an error message. */
  secrets: string[];
}

const VERSION_SEGMENT = /\/v\d+$/;
const ENDPOINT_SUFFIX = /\/(?:chat\/completions|models)$/;

/**
 * Normalises a configured server URL: trailing slashes and a pasted `/chat/completions` or `/models` are
 * dropped, and `/v1` is appended unless the path already ends in a version segment (`/v1`, `/v2`, …).
 * So `http://gpu-box:8000`, `http://gpu-box:8000/` and `http://gpu-box:8000/v1/` all become
 * `http://gpu-box:8000/v1`, and a proxy prefix such as `https://host/cosmos/v1` is kept as is.
 */
export function resolveEndpoint(url: string, apiKey?: string): OpenAiEndpoint {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new VigilError('invalid_config', `model url is not a valid URL: ${redactUrl(url)}`);
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    throw new VigilError('invalid_config', `model url must be http:// or https://, got ${redactUrl(url)}`);
  }
  const secrets = [...urlSecrets(url), ...(apiKey ? [apiKey] : [])];
  const user = decodeURIComponent(parsed.username);
  const password = decodeURIComponent(parsed.password);
  const basicAuth = user || password ? `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}` : undefined;
  parsed.username = '';
  parsed.password = '';
  parsed.hash = '';

  let path = parsed.pathname.replace(/\/+$/, '').replace(ENDPOINT_SUFFIX, '');
  if (!VERSION_SEGMENT.test(path)) path = `${path}/v1`;
  parsed.pathname = path;
  const base = parsed.toString();
  const shown = redactUrl(user || password ? base.replace('://', '://***@') : base);
  return { base, shown, basicAuth, secrets };
}

/** `{base}/{path}` keeping any query string of the base (some gateways take their key there). */
export function endpointUrl(endpoint: OpenAiEndpoint, path: 'chat/completions' | 'models'): string {
  const url = new URL(endpoint.base);
  url.pathname = `${url.pathname.replace(/\/+$/, '')}/${path}`;
  return url.toString();
}
