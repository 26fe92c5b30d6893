/** `npm run model:fetch -- --help`: downloads an ONNX model folder for the in-process backend. */
import { runModelFetch } from '../server/src/reasoning/fetch/model-fetch-cli.adapter.js';

const code = await runModelFetch(process.argv.slice(2), process.env, {
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
});
process.exitCode = code;
