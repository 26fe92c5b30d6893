import { ensureWebBuild } from './web-build.js';

// `npm start` runs this first: a fresh checkout (or changed dashboard sources) gets a build, a current one none.
try {
  await ensureWebBuild((line) => process.stdout.write(`${line}\n`));
} catch (error) {
  process.stderr.write(`vigil: the dashboard could not be built: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
}
