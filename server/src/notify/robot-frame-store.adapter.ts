import { posix } from 'node:path';
import { writeFileAtomic } from '../evidence/atomic-file.js';
import { alertEvidenceDir, resolveInDataDir } from '../evidence/evidence-paths.js';
import { sha256Hex } from '../evidence/hash.js';
import type { EvidenceInput } from '../store/ports.js';

/** Writes a robot's frame beside the alert's other evidence: `evidence/<day>/<alertId>/robot-<robot>-<ms>.jpg`. */
export async function saveRobotFrame(
  dataDir: string,
  input: { alertId: string; onsetTs: number; robotId: string; at: number; jpeg: Buffer },
): Promise<EvidenceInput> {
  const path = posix.join(alertEvidenceDir(input.alertId, input.onsetTs), `robot-${input.robotId}-${input.at}.jpg`);
  await writeFileAtomic(resolveInDataDir(dataDir, path), input.jpeg);
  return { kind: 'robot', path, mime: 'image/jpeg', bytes: input.jpeg.length, sha256: sha256Hex(input.jpeg), startTs: input.at, endTs: input.at };
}
