/**
 * URLs of the two Hugging Face hub endpoints Vigil uses: the recursive file listing of a repository and the
 * download of one file at a revision. A mirror (HF_ENDPOINT) answers the same paths.
 */
import { ModelFetchError } from './fetch-errors.js';

export const DEFAULT_HUB_ENDPOINT = 'https://huggingface.co';

/** The hub to talk to: HF_ENDPOINT when set (a blank value counts as unset), without a trailing slash. */
export function hubEndpoint(env: { HF_ENDPOINT?: string | undefined }): string {
  const raw = env.HF_ENDPOINT?.trim();
  if (!raw) return DEFAULT_HUB_ENDPOINT;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new ModelFetchError('usage', `HF_ENDPOINT must be an http(s) URL such as ${DEFAULT_HUB_ENDPOINT} (got "${raw}")`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new ModelFetchError('usage', `HF_ENDPOINT must be an http(s) URL such as ${DEFAULT_HUB_ENDPOINT} (got "${raw}")`);
  }
  return raw.replace(/\/+$/, '');
}

/** HF_TOKEN when set and not blank. */
export function hubToken(env: { HF_TOKEN?: string | undefined }): string | undefined {
  const token = env.HF_TOKEN?.trim();
  return token ? token : undefined;
}

const encodePath = (path: string): string => path.split('/').map(encodeURIComponent).join('/');

export function listingUrl(endpoint: string, repo: string, revision: string): string {
  return `${endpoint}/api/models/${repo}/tree/${encodeURIComponent(revision)}?recursive=1`;
}

export function resolveUrl(endpoint: string, repo: string, revision: string, path: string): string {
  return `${endpoint}/${repo}/resolve/${encodeURIComponent(revision)}/${encodePath(path)}`;
}

/** The `rel="next"` target of a Link header (the hub pages long listings), resolved against `base`. */
export function nextPageUrl(link: string | null, base: string): string | null {
  if (!link) return null;
  for (const part of link.split(',')) {
    const match = /<([^>]+)>\s*;\s*rel="?next"?/i.exec(part);
    if (match?.[1]) return new URL(match[1], base).toString();
  }
  return null;
}

export function authHeaders(token: string | undefined): Record<string, string> {
  return token ? { authorization: `Bearer ${token}` } : {};
}
