import { invalidInput } from '../../domain/index.js';

export interface TrickleCandidate {
  /** The candidate attribute without "a=" (`candidate:…`). */
  candidate: string;
  sdpMid: string | null;
  sdpMLineIndex: number | null;
}

export interface TrickleFragment {
  ufrag: string | null;
  pwd: string | null;
  candidates: TrickleCandidate[];
  endOfCandidates: boolean;
}

/**
 * Reads an `application/trickle-ice-sdpfrag` body (RFC 8840), as a WHIP publisher PATCHes it: ICE credentials,
 * then per media section its mid and candidates.
 */
export function parseTrickleFragment(body: string): TrickleFragment {
  const lines = body.split(/\r?\n/).map((line) => line.trim()).filter((line) => line.length > 0);
  if (lines.length === 0) throw invalidInput('the ICE fragment is empty');
  const fragment: TrickleFragment = { ufrag: null, pwd: null, candidates: [], endOfCandidates: false };
  let mid: string | null = null;
  let mLineIndex = -1;
  for (const line of lines) {
    if (line.startsWith('m=')) {
      mLineIndex += 1;
      mid = null;
    } else if (line.startsWith('a=mid:')) mid = line.slice('a=mid:'.length);
    else if (line.startsWith('a=ice-ufrag:')) fragment.ufrag = line.slice('a=ice-ufrag:'.length);
    else if (line.startsWith('a=ice-pwd:')) fragment.pwd = line.slice('a=ice-pwd:'.length);
    else if (line === 'a=end-of-candidates') fragment.endOfCandidates = true;
    else if (line.startsWith('a=candidate:')) {
      if (line.split(' ').length < 8) throw invalidInput(`the ICE candidate "${line}" is incomplete`);
      fragment.candidates.push({ candidate: line.slice(2), sdpMid: mid, sdpMLineIndex: mLineIndex >= 0 ? mLineIndex : null });
    } else if (!/^[a-z]=/.test(line)) throw invalidInput(`the ICE fragment has a line that is not SDP: "${line.slice(0, 60)}"`);
  }
  return fragment;
}
