/** The parts of an RTP packet (RFC 3550) the live relay reads; the payload is a view into the datagram. */
export interface RtpPacketView {
  payloadType: number;
  marker: boolean;
  sequenceNumber: number;
  timestamp: number;
  ssrc: number;
  payload: Buffer;
}

const FIXED_HEADER = 12;

/** RTCP shares the port (ffmpeg's sender reports): its packet types 200–204 sit where RTP keeps marker + PT. */
export const isRtcp = (datagram: Uint8Array): boolean => datagram.length >= 2 && (datagram[1] ?? 0) >= 200 && (datagram[1] ?? 0) <= 204;

/** Null for RTCP, a version other than 2, or a packet too short for what its header claims. */
export function parseRtp(datagram: Buffer): RtpPacketView | null {
  if (datagram.length < FIXED_HEADER || isRtcp(datagram)) return null;
  const first = datagram[0] as number;
  if (first >> 6 !== 2) return null;
  let offset = FIXED_HEADER + (first & 0x0f) * 4;
  if (first & 0x10) {
    if (datagram.length < offset + 4) return null;
    offset += 4 + datagram.readUInt16BE(offset + 2) * 4;
  }
  let end = datagram.length;
  if (first & 0x20) end -= datagram[datagram.length - 1] ?? 0;
  if (end <= offset) return null;
  const second = datagram[1] as number;
  return {
    payloadType: second & 0x7f,
    marker: (second & 0x80) !== 0,
    sequenceNumber: datagram.readUInt16BE(2),
    timestamp: datagram.readUInt32BE(4),
    ssrc: datagram.readUInt32BE(8),
    payload: datagram.subarray(offset, end),
  };
}
