/** Pairs known onset times with the alerts that followed them. Pure. */

export interface ReceivedAlert {
  cameraId: string;
  /** When the client received `alert:new` (epoch ms). */
  receivedAt: number;
  /** The alert's own onset time as Vigil stamped it (epoch ms). */
  startedAt: number;
}

export interface MatchedOnset {
  onsetAt: number;
  receivedAt: number;
  startedAt: number;
  /** receivedAt − onsetAt, ms. */
  latencyMs: number;
}

export interface OnsetMatch {
  matched: MatchedOnset[];
  /** Onsets with no alert within the window. */
  missed: number[];
  /** Alerts that belong to no onset. */
  spurious: ReceivedAlert[];
}

/** Each onset takes the first unclaimed alert received within [onset, onset + windowMs). */
export function matchOnsets(onsets: readonly number[], alerts: readonly ReceivedAlert[], windowMs: number): OnsetMatch {
  const pool = [...alerts].sort((a, b) => a.receivedAt - b.receivedAt);
  const claimed = new Set<ReceivedAlert>();
  const matched: MatchedOnset[] = [];
  const missed: number[] = [];
  for (const onsetAt of [...onsets].sort((a, b) => a - b)) {
    const alert = pool.find((a) => !claimed.has(a) && a.receivedAt >= onsetAt && a.receivedAt < onsetAt + windowMs);
    if (!alert) {
      missed.push(onsetAt);
      continue;
    }
    claimed.add(alert);
    matched.push({ onsetAt, receivedAt: alert.receivedAt, startedAt: alert.startedAt, latencyMs: alert.receivedAt - onsetAt });
  }
  return { matched, missed, spurious: pool.filter((a) => !claimed.has(a)) };
}

/** Onset times (epoch ms) of a looping clip within [fromMs, toMs): loop j, onset k at zero + (j·loop + onset_k)·1000. */
export function loopOnsets(streamZeroMs: number, loopSeconds: number, onsetSeconds: readonly number[], fromMs: number, toMs: number): number[] {
  const out: number[] = [];
  const firstLoop = Math.max(0, Math.floor((fromMs - streamZeroMs) / 1000 / loopSeconds));
  for (let loop = firstLoop; streamZeroMs + loop * loopSeconds * 1000 < toMs; loop++) {
    for (const onset of onsetSeconds) {
      const at = streamZeroMs + (loop * loopSeconds + onset) * 1000;
      if (at >= fromMs && at < toMs) out.push(at);
    }
  }
  return out;
}
