/** One link from a `Link` header (RFC 8288): its target and its parameters, names in lower case. */
export interface WebLink {
  target: string;
  params: Record<string, string>;
}

/** What RTCPeerConnection takes as an ICE server (structurally an RTCIceServer). */
export interface IceServer {
  urls: string;
  username?: string;
  credential?: string;
}

const TOKEN_END = /[\s;,="]/;
const ICE_SCHEMES = /^(stun|stuns|turn|turns):/i;

/** Reads `Link` header values (one or several; a value may hold several links separated by commas). */
export function parseLinkHeader(values: string | readonly string[] | null | undefined): WebLink[] {
  if (values == null) return [];
  const list = typeof values === 'string' ? [values] : values;
  return list.flatMap(parseOne);
}

function parseOne(text: string): WebLink[] {
  const links: WebLink[] = [];
  let i = 0;
  const skipSpace = () => {
    while (i < text.length && /\s/.test(text[i]!)) i++;
  };
  // A malformed link is dropped up to the next comma that is not inside quotes or angle brackets.
  const skipToNextLink = () => {
    let quoted = false;
    for (; i < text.length; i++) {
      const c = text[i]!;
      if (quoted && c === '\\') i++;
      else if (c === '"') quoted = !quoted;
      else if (!quoted && c === '<') i = Math.max(i, text.indexOf('>', i));
      else if (!quoted && c === ',') return;
    }
  };
  const readToken = (): string => {
    const start = i;
    while (i < text.length && !TOKEN_END.test(text[i]!)) i++;
    return text.slice(start, i);
  };
  const readQuoted = (): string => {
    let value = '';
    for (i++; i < text.length; i++) {
      const c = text[i]!;
      if (c === '"') {
        i++;
        return value;
      }
      if (c === '\\' && i + 1 < text.length) value += text[++i]!;
      else value += c;
    }
    return value;
  };

  while (i < text.length) {
    skipSpace();
    if (text[i] === ',') {
      i++;
      continue;
    }
    if (i >= text.length) break;
    if (text[i] !== '<') {
      skipToNextLink();
      continue;
    }
    const close = text.indexOf('>', i);
    if (close < 0) break;
    const target = text.slice(i + 1, close).trim();
    i = close + 1;
    const params: Record<string, string> = {};
    let valid = true;
    for (;;) {
      skipSpace();
      if (text[i] !== ';') break;
      i++;
      skipSpace();
      const name = readToken().toLowerCase();
      if (!name) {
        valid = false;
        break;
      }
      skipSpace();
      let value = '';
      if (text[i] === '=') {
        i++;
        skipSpace();
        value = text[i] === '"' ? readQuoted() : readToken();
      }
      // RFC 8288 §3.3 and §3.4: the first occurrence of a parameter counts.
      if (!(name in params)) params[name] = value;
    }
    skipSpace();
    if (valid && (i >= text.length || text[i] === ',')) links.push({ target, params });
    else skipToNextLink();
  }
  return links;
}

const hasRel = (link: WebLink, rel: string): boolean =>
  (link.params.rel ?? '').toLowerCase().split(/\s+/).includes(rel);

/** The ICE servers a WHIP answer offers (`rel="ice-server"`), as RTCPeerConnection takes them; TURN keeps its credentials. */
export function iceServersFromLinks(values: string | readonly string[] | null | undefined): IceServer[] {
  return parseLinkHeader(values)
    .filter((link) => hasRel(link, 'ice-server') && ICE_SCHEMES.test(link.target))
    .map((link) => {
      const server: IceServer = { urls: link.target };
      if (link.params.username !== undefined) server.username = link.params.username;
      if (link.params.credential !== undefined) server.credential = link.params.credential;
      return server;
    });
}
