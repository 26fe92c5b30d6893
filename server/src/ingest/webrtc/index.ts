import type { Logger } from '../../observability/logger.js';
import { openRtpForwarder } from './rtp-forwarder.adapter.js';
import { openWhipPeer, type WhipPeerOptions } from './whip-peer.adapter.js';
import { WhipSessions } from './whip-sessions.js';

export * from './ice-server-links.js';
export * from './publisher-offer.js';
export * from './rtp-input-sdp.js';
export * from './trickle-fragment.js';
export * from './whip-peer.adapter.js';
export * from './whip-sessions.js';

export interface WhipIngest {
  sessions: WhipSessions;
  close(): Promise<void>;
}

/** WHIP ingest as main.ts wires it: publishers' sessions, their RTP forwarded to the ingests' ffmpegs. */
export function startWhipIngest(options: { peer: WhipPeerOptions; logger: Logger }): WhipIngest {
  const forwarder = openRtpForwarder();
  const sessions = new WhipSessions({
    openPeer: (offerSdp) => openWhipPeer(offerSdp, options.peer),
    sendRtp: (packet, port) => forwarder.send(packet, port),
    logger: options.logger,
  });
  return {
    sessions,
    async close() {
      await sessions.close();
      await forwarder.close();
    },
  };
}
