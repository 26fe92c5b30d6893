/** A STUN or TURN server as vigil.yaml configures it. */
export interface IceServerConfig {
  urls: string;
  username?: string;
  credential?: string;
}

/** `Link` header values announcing the ICE servers to a WHIP publisher (RFC 9725 §4.6). */
export function iceServerLinks(servers: readonly IceServerConfig[]): string[] {
  return servers.map((server) => {
    const params = ['rel="ice-server"'];
    if (server.username !== undefined) params.push(`username="${quote(server.username)}"`);
    if (server.credential !== undefined) params.push(`credential="${quote(server.credential)}"`, 'credential-type="password"');
    return [`<${server.urls}>`, ...params].join('; ');
  });
}

const quote = (text: string): string => text.replace(/["\\]/g, (c) => `\\${c}`);
