/**
 * Drops H.264 access unit delimiters (NAL type 9) from an RTP stream and renumbers the packets that remain, so the
 * receiver sees no gap. MPEG-TS puts a delimiter before every picture and ffmpeg's RTP muxer sends each as a packet
 * of its own; a WebRTC camera does not send them, and they would add a packet per frame to what Vigil receives.
 */
export function createAudFilter(): (packet: Buffer) => Buffer | null {
  let nextSequence: number | null = null;
  return (packet) => {
    const payload = payloadOffset(packet);
    if (payload === null) return packet;
    if (((packet[payload] ?? 0) & 0x1f) === 9) return null;
    nextSequence ??= packet.readUInt16BE(2);
    packet.writeUInt16BE(nextSequence, 2);
    nextSequence = (nextSequence + 1) & 0xffff;
    return packet;
  };
}

/** Where an RTP packet's payload starts (after CSRCs and any header extension); null when it is not RTP v2. */
export function payloadOffset(packet: Buffer): number | null {
  if (packet.length < 12 || packet[0]! >> 6 !== 2) return null;
  let offset = 12 + 4 * (packet[0]! & 0x0f);
  if (packet[0]! & 0x10) {
    if (packet.length < offset + 4) return null;
    offset += 4 + 4 * packet.readUInt16BE(offset + 2);
  }
  return offset < packet.length ? offset : null;
}
