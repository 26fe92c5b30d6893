/** H.264 over RTP (RFC 6184), as far as the live relay needs it: which NAL units a packet carries. */

export const NAL = { nonIdr: 1, idr: 5, sei: 6, sps: 7, pps: 8, aud: 9, stapA: 24, fuA: 28 } as const;

export interface NalRef {
  type: number;
  /** For a fragment: whether this packet starts the NAL unit. Whole units are always starts. */
  start: boolean;
  /** The whole NAL unit (header included) when the packet carries all of it. */
  unit: Buffer | null;
}

/** The NAL units in one RTP payload: one single unit, the units of a STAP-A, or one FU-A fragment. */
export function nalUnitsOf(payload: Buffer): NalRef[] {
  if (payload.length === 0) return [];
  const type = (payload[0] as number) & 0x1f;
  if (type === NAL.stapA) {
    const units: NalRef[] = [];
    let offset = 1;
    while (offset + 2 <= payload.length) {
      const size = payload.readUInt16BE(offset);
      offset += 2;
      if (size === 0 || offset + size > payload.length) break;
      const unit = payload.subarray(offset, offset + size);
      units.push({ type: (unit[0] as number) & 0x1f, start: true, unit });
      offset += size;
    }
    return units;
  }
  if (type === NAL.fuA) {
    if (payload.length < 2) return [];
    const fuHeader = payload[1] as number;
    return [{ type: fuHeader & 0x1f, start: (fuHeader & 0x80) !== 0, unit: null }];
  }
  return [{ type, start: true, unit: payload }];
}

/** `profile-level-id` of an SPS: its profile_idc, constraint flags and level_idc bytes, as six hex digits. */
export function profileLevelIdOf(sps: Buffer): string | null {
  if (sps.length < 4) return null;
  return sps.subarray(1, 4).toString('hex');
}

const H264_PROFILES = new Set([66, 77, 88, 100, 110, 122, 244, 44, 83, 86, 118, 128, 138, 139, 134, 135]);

/** An SPS whose profile_idc is one H.264 defines: what tells an H.264 stream from another on payload type 96. */
export const isH264Sps = (unit: Buffer): boolean =>
  unit.length >= 4 && ((unit[0] as number) & 0x9f) === NAL.sps && H264_PROFILES.has(unit[1] as number);

/**
 * An H.265 (RFC 7798) parameter set (VPS, SPS, PPS) or aggregation packet: a two-byte NAL header, layer 0,
 * temporal id 1. Read as H.264 these are types 0, 2 and 4, which H.264 cameras do not send.
 */
export function looksLikeHevc(payload: Buffer): boolean {
  if (payload.length < 2 || (payload[1] as number) !== 1 || ((payload[0] as number) & 0x81) !== 0) return false;
  const type = ((payload[0] as number) >> 1) & 0x3f;
  return type === 32 || type === 33 || type === 34 || type === 48;
}
