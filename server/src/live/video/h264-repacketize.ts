import { NAL, nalUnitsOf } from './h264-nal.js';

/**
 * The largest RTP payload a viewer gets: 1200-byte packets with the 12-byte header, which with SRTP and UDP/IPv6
 * headers on top still fit IPv6's minimum MTU (1280), so no network path has to fragment them.
 */
export const VIEWER_MAX_PAYLOAD = 1188;

const FU_A_HEADER = 2;

/**
 * One H.264 RTP payload (RFC 6184) as payloads of at most `maxPayload` bytes, in order. The ingest sends its
 * loopback copy in datagrams of up to ~64 KB (a picture is mostly one packet), so a viewer's packets are cut
 * here: a STAP-A is split between its units (small neighbours stay aggregated), a unit too large for one
 * packet goes as FU-A fragments, and an FU-A fragment too large is cut into smaller ones. A payload that fits
 * is returned as it is; one of a kind this does not split (STAP-B, MTAP, FU-B) too.
 */
export function repacketize(payload: Buffer, maxPayload = VIEWER_MAX_PAYLOAD): Buffer[] {
  if (payload.length <= maxPayload) return [payload];
  const type = (payload[0] as number) & 0x1f;
  if (type === NAL.stapA) return splitAggregate(payload, maxPayload);
  if (type === NAL.fuA) {
    if (payload.length < FU_A_HEADER + 1) return [payload];
    return fragment(payload[0] as number, payload[1] as number, payload.subarray(FU_A_HEADER), maxPayload);
  }
  if (type >= 1 && type <= 23) return fragmentUnit(payload, maxPayload);
  return [payload];
}

/** A whole NAL unit as FU-A fragments; its header's bits move into the FU indicator and FU header. */
function fragmentUnit(unit: Buffer, maxPayload: number): Buffer[] {
  const nalHeader = unit[0] as number;
  return fragment((nalHeader & 0xe0) | NAL.fuA, 0x80 | 0x40 | (nalHeader & 0x1f), unit.subarray(1), maxPayload);
}

/**
 * Cuts a fragment body into FU-A payloads. `fuHeader`'s start bit goes on the first piece only and its end bit
 * on the last only, so a fragment that did not start or end the unit still does not.
 */
function fragment(indicator: number, fuHeader: number, body: Buffer, maxPayload: number): Buffer[] {
  const room = maxPayload - FU_A_HEADER;
  const out: Buffer[] = [];
  for (let offset = 0; offset < body.length; offset += room) {
    const end = Math.min(offset + room, body.length);
    const piece = Buffer.allocUnsafe(FU_A_HEADER + end - offset);
    piece[0] = indicator;
    piece[1] = (fuHeader & 0x1f) | (offset === 0 ? fuHeader & 0x80 : 0) | (end === body.length ? fuHeader & 0x40 : 0);
    body.copy(piece, FU_A_HEADER, offset, end);
    out.push(piece);
  }
  return out;
}

function splitAggregate(payload: Buffer, maxPayload: number): Buffer[] {
  const out: Buffer[] = [];
  let group: Buffer[] = [];
  let groupSize = 1;
  const flush = () => {
    if (group.length === 1) out.push(group[0] as Buffer);
    else if (group.length > 1) out.push(stapA(group));
    group = [];
    groupSize = 1;
  };
  for (const { unit } of nalUnitsOf(payload)) {
    if (!unit) continue;
    if (unit.length > maxPayload) {
      flush();
      out.push(...fragmentUnit(unit, maxPayload));
      continue;
    }
    if (groupSize + 2 + unit.length > maxPayload) flush();
    group.push(unit);
    groupSize += 2 + unit.length;
  }
  flush();
  return out;
}

/** RFC 6184 STAP-A: the units behind one header carrying the highest nal_ref_idc among them. */
export function stapA(units: readonly Buffer[]): Buffer {
  const nri = units.reduce((max, unit) => Math.max(max, (unit[0] ?? 0) & 0x60), 0);
  const parts: Buffer[] = [Buffer.from([nri | NAL.stapA])];
  for (const unit of units) {
    const size = Buffer.alloc(2);
    size.writeUInt16BE(unit.length);
    parts.push(size, unit);
  }
  return Buffer.concat(parts);
}
