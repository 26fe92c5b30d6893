/** The RTSP `Transport` header (RFC 2326 §12.39), as far as an RTP relay needs it. */

export type PortPair = readonly [number, number];

export interface TransportSpec {
  readonly protocol: 'tcp' | 'udp';
  readonly multicast: boolean;
  readonly interleaved?: PortPair;
  readonly clientPort?: PortPair;
  readonly mode: 'play' | 'record';
}

/** Parses every alternative the client offers, in its order of preference; unknown profiles are skipped. */
export function parseTransport(header: string): TransportSpec[] {
  const specs: TransportSpec[] = [];
  for (const alternative of header.split(',')) {
    const [profile, ...params] = alternative.trim().split(';');
    const protocol = protocolOf((profile ?? '').trim().toUpperCase());
    if (!protocol) continue;
    let multicast = false;
    let interleaved: PortPair | undefined;
    let clientPort: PortPair | undefined;
    let mode: 'play' | 'record' = 'play';
    for (const param of params) {
      const [rawName, rawValue = ''] = param.split('=', 2);
      const name = (rawName ?? '').trim().toLowerCase();
      const value = rawValue.trim().replace(/^"|"$/g, '');
      if (name === 'multicast') multicast = true;
      else if (name === 'interleaved') interleaved = parsePair(value, 255);
      else if (name === 'client_port') clientPort = parsePair(value, 65535);
      else if (name === 'mode') mode = value.toLowerCase() === 'record' ? 'record' : 'play';
    }
    specs.push({ protocol, multicast, mode, ...(interleaved && { interleaved }), ...(clientPort && { clientPort }) });
  }
  return specs;
}

function protocolOf(profile: string): 'tcp' | 'udp' | undefined {
  if (profile === 'RTP/AVP' || profile === 'RTP/AVP/UDP') return 'udp';
  if (profile === 'RTP/AVP/TCP') return 'tcp';
  return undefined;
}

/** "a-b" or "a" (meaning a, a+1); undefined when out of range. */
export function parsePair(value: string, max: number): PortPair | undefined {
  const match = /^(\d+)(?:-(\d+))?$/.exec(value);
  if (!match) return undefined;
  const first = Number(match[1]);
  const second = match[2] === undefined ? first + 1 : Number(match[2]);
  if (first > max || second > max) return undefined;
  return [first, second];
}

export function formatTcpTransport(channels: PortPair, mode: 'play' | 'record'): string {
  const suffix = mode === 'record' ? ';mode=record' : '';
  return `RTP/AVP/TCP;unicast;interleaved=${channels[0]}-${channels[1]}${suffix}`;
}

export function formatUdpTransport(clientPort: PortPair, serverPort: PortPair, mode: 'play' | 'record'): string {
  const suffix = mode === 'record' ? ';mode=record' : '';
  return `RTP/AVP;unicast;client_port=${clientPort[0]}-${clientPort[1]};server_port=${serverPort[0]}-${serverPort[1]}${suffix}`;
}
