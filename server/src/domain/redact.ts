const SECRET_PARAMS = /([?&](?:password|passwd|pwd|pass|token|key|secret|auth|signature)=)[^&#\s]*/gi;
const USERINFO = /^([a-z][a-z0-9+.-]*:\/\/)[^/@\s]*@/i;
/** userinfo inside any URL embedded in free text, such as ffmpeg's stderr */
const EMBEDDED_USERINFO = /([a-z][a-z0-9+.-]*:\/\/)[^/@\s'"]+@/gi;

/** A camera URL safe to log or show: credentials replaced by "***". */
export function redactUrl(url: string): string {
  return url.replace(USERINFO, '$1***@').replace(SECRET_PARAMS, '$1***');
}

/** Removes credentials from free text (log lines, error messages) that may quote a URL. */
export function redactText(text: string, secrets: readonly string[] = []): string {
  let out = text.replace(EMBEDDED_USERINFO, '$1***@').replace(SECRET_PARAMS, '$1***');
  for (const secret of secrets) if (secret.length >= 3) out = out.split(secret).join('***');
  return out;
}

/** The password and user of a URL, so text that quotes them outside a URL can be scrubbed too. */
export function urlSecrets(url: string): string[] {
  try {
    const parsed = new URL(url);
    return [decodeURIComponent(parsed.password), parsed.password].filter((s) => s.length > 0);
  } catch {
    return [];
  }
}
