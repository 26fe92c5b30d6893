/** `npm run evidence:verify -- ALERT_ID` or `-- --bundle FILE.zip`: checks signed evidence; exit 1 names what differs. */
import { runEvidenceVerify } from '../server/src/evidence/evidence-verify-cli.adapter.js';

process.exitCode = await runEvidenceVerify(process.argv.slice(2), process.env, {
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
});
