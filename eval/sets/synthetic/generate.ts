/**
 * Draws the synthetic set with ffmpeg (lavfi) and writes set.yaml beside the clips:
 *   npx tsx eval/sets/synthetic/generate.ts
 * Uses FFMPEG_PATH when set. The scenes and their labels are defined in scenes.ts.
 */
import { spawn } from 'node:child_process';
import { stat, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { resolveFfmpegPath } from '../../../server/src/ingest/ffmpeg-path.js';
import { SCENES, renderSetYaml, sceneArgs } from './scenes.js';

const here = dirname(fileURLToPath(import.meta.url));
const ffmpeg = resolveFfmpegPath(process.env);

for (const scene of SCENES) {
  const output = join(here, scene.file);
  await run(ffmpeg, sceneArgs(scene, output));
  process.stdout.write(`${scene.file}: ${Math.round((await stat(output)).size / 1024)} KB, ${scene.seconds} s, ${scene.shows}\n`);
}
await writeFile(join(here, 'set.yaml'), renderSetYaml(SCENES));
process.stdout.write('set.yaml written\n');

function run(command: string, args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`ffmpeg exited ${code}: ${stderr.trim()}`))));
  });
}
