/** An SDP split into its session-level lines and one list of lines per media section (each starting with m=). */
export interface SdpSections {
  session: string[];
  media: string[][];
}

export function splitSdp(sdp: string): SdpSections {
  const lines = sdp.split(/\r?\n/).map((line) => line.trim()).filter((line) => line.length > 0);
  const session: string[] = [];
  const media: string[][] = [];
  for (const line of lines) {
    if (line.startsWith('m=')) media.push([line]);
    else (media.at(-1) ?? session).push(line);
  }
  return { session, media };
}

/** The `key=value;key=value` parameters of a format's a=fmtp line, keys lower-cased. */
export function formatParameters(section: readonly string[], payloadType: number): Map<string, string> {
  const prefix = `a=fmtp:${payloadType} `;
  const fmtp = section.find((line) => line.startsWith(prefix))?.slice(prefix.length) ?? '';
  return new Map(
    fmtp
      .split(';')
      .filter((pair) => pair.trim().length > 0)
      .map((pair) => {
        const [key = '', ...rest] = pair.split('=');
        return [key.trim().toLowerCase(), rest.join('=').trim()] as const;
      }),
  );
}
