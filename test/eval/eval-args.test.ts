import { describe, expect, it } from 'vitest';
import { parseEvalArgs, type ArgsContext, type EvalOptions } from '../../eval/eval-args.js';

const context = (env: Record<string, string> = {}): ArgsContext => ({ env, cwd: '/srv/vigil', manifestsDir: '/srv/vigil/models' });

function options(argv: string[], env: Record<string, string> = {}): EvalOptions {
  const parsed = parseEvalArgs(argv, context(env));
  if (parsed.help) throw new Error('unexpected --help');
  return parsed;
}

const problem = (argv: string[], env: Record<string, string> = {}): string => {
  try {
    parseEvalArgs(argv, context(env));
  } catch (err) {
    return (err as Error).message;
  }
  throw new Error('expected a usage error');
};

describe('parseEvalArgs', () => {
  it('fills in the defaults and takes the server from COSMOS_URL', () => {
    const parsed = options(['--set', 'eval/sets/synthetic'], { COSMOS_URL: 'http://gpu:8000/v1' });
    expect(parsed).toMatchObject({ setDir: '/srv/vigil/eval/sets/synthetic', windowMs: 4000, fps: 2, maxSide: 640, threshold: 0.5, jsonPath: null });
    expect(parsed.settings).toMatchObject({ backend: 'openai', url: 'http://gpu:8000/v1', model: 'nvidia/Cosmos-Reason2-2B', reasoning: true, visionTokens: 1600, manifestsDir: '/srv/vigil/models' });
  });

  it('lets flags win over COSMOS_* and reads every option', () => {
    const parsed = options(
      ['--set', '/data/set', '--url', 'http://other:9000', '--model', 'nvidia/Cosmos-Reason2-8B', '--window', '2500ms', '--fps', '4', '--budget', '800', '--no-reasoning', '--threshold', '0.7', '--timeout', '90s', '--json', 'out/run.json'],
      { COSMOS_URL: 'http://gpu:8000/v1', COSMOS_MODEL: 'nvidia/Cosmos-Reason2-2B', COSMOS_API_KEY: 'sk-test' },
    );
    expect(parsed).toMatchObject({ setDir: '/data/set', windowMs: 2500, fps: 4, threshold: 0.7, jsonPath: '/srv/vigil/out/run.json' });
    expect(parsed.settings).toMatchObject({ backend: 'openai', url: 'http://other:9000', model: 'nvidia/Cosmos-Reason2-8B', apiKey: 'sk-test', reasoning: false, visionTokens: 800, scheduler: { callTimeoutMs: 90_000 } });
  });

  it('picks the onnx backend from --onnx-dir, relative to the working folder', () => {
    const parsed = options(['--set', 's', '--onnx-dir', 'models/cr2', '--dtype', 'q4', '--device', 'cuda']);
    expect(parsed.settings).toMatchObject({ backend: 'onnx', onnxDir: '/srv/vigil/models/cr2', dtype: 'q4', device: 'cuda' });
    expect(options(['--set', 's'], { COSMOS_ONNX_DIR: '/opt/cr2' }).settings).toMatchObject({ backend: 'onnx', onnxDir: '/opt/cr2' });
  });

  it('uses the backend named by --backend even when the other is configured', () => {
    expect(options(['--set', 's', '--backend', 'openai', '--url', 'http://gpu:8000'], { COSMOS_ONNX_DIR: '/opt/cr2' }).settings.backend).toBe('openai');
    expect(problem(['--set', 's', '--backend', 'onnx'], { COSMOS_URL: 'http://gpu:8000' })).toBe('model.backend is onnx but no model folder is set: pass --onnx-dir or set COSMOS_ONNX_DIR');
  });

  it('answers --help', () => {
    expect(parseEvalArgs(['--help'], context())).toEqual({ help: true });
  });

  it('says what is wrong with a bad command line', () => {
    expect(problem([], { COSMOS_URL: 'http://gpu:8000' })).toBe('--set DIR is required');
    expect(problem(['--set', 's'])).toMatch(/^no model to evaluate: pass --url URL/);
    expect(problem(['--set', 's', '--url', 'u', '--frames', '3'])).toContain("Unknown option '--frames'");
    expect(problem(['--set', 's', '--url', 'u', 'extra'])).toContain("Unexpected argument 'extra'");
    expect(problem(['--set', 's', '--url', 'u', '--backend', 'vllm'])).toBe('--backend must be openai or onnx, got "vllm"');
    expect(problem(['--set', 's', '--url', 'u', '--window', '4'])).toBe('--window: "4" is not a duration (use e.g. 4s, 2500ms)');
    expect(problem(['--set', 's', '--url', 'u', '--fps', 'fast'])).toBe('--fps: "fast" is not a number');
    expect(problem(['--set', 's', '--url', 'u', '--fps', '0'])).toMatch(/^--fps: "0" /);
    expect(problem(['--set', 's', '--url', 'u', '--threshold', '1.5'])).toMatch(/^--threshold: "1.5" /);
    expect(problem(['--set', 's', '--url', 'u', '--budget', '10'])).toMatch(/^--budget: /);
    expect(problem(['--set', 's', '--url', 'u', '--dtype', 'fp64'])).toMatch(/^--dtype: /);
    expect(problem(['--set', 's', '--url', 'u', '--reasoning', '--no-reasoning'])).toBe('--reasoning and --no-reasoning contradict each other');
    expect(problem(['--set', 's', '--url', 'u', '--window', '400ms', '--fps', '2'])).toMatch(/holds no frame/);
  });
});
