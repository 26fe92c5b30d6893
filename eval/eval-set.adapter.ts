import { access, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { VigilError } from '../server/src/domain/index.js';
import { formatEvalSetErrors, parseEvalSet, type EvalSet } from './eval-set.js';

export const SET_FILE = 'set.yaml';

/** Reads and validates DIR/set.yaml and checks every clip file is there; throws VigilError invalid_input naming file:line. */
export async function loadEvalSet(dir: string): Promise<EvalSet> {
  const file = join(dir, SET_FILE);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    throw new VigilError('invalid_input', `cannot read ${file}: ${(err as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file (a set is a folder with set.yaml and its clips)' : (err as Error).message}`);
  }
  const result = parseEvalSet(file, text);
  if (!result.ok) throw new VigilError('invalid_input', `invalid set:\n${formatEvalSetErrors(result.errors)}`, result.errors);
  const missing: string[] = [];
  for (const clip of result.set.clips) {
    const ok = await access(join(dir, clip.file)).then(() => true, () => false);
    if (!ok) missing.push(clip.file);
  }
  if (missing.length > 0) throw new VigilError('invalid_input', `${file}: clip file(s) not found in ${dir}: ${missing.join(', ')}`);
  return result.set;
}
