/** `npm run audit:verify`: checks the audit log's hash chain; exit 1 names the first broken link. */
import { runAuditVerify } from '../server/src/audit/audit-verify-cli.adapter.js';

process.exitCode = await runAuditVerify(process.env, {
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
});
