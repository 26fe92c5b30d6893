import { LineCounter, parseDocument } from 'yaml';
import type { ZodError } from 'zod';
import { locate } from './yaml-locate.js';

/** A problem in a YAML file, pointing at the offending place. */
export interface SourceError {
  file: string;
  line: number;
  column: number;
  message: string;
}

export const formatSourceError = (e: SourceError): string => `${e.file}:${e.line}:${e.column}: ${e.message}`;

export interface YamlSource {
  file: string;
  /** The parsed value; undefined when the YAML itself is broken. */
  value: unknown;
  syntaxErrors: SourceError[];
  /** Where a value lives, for error messages; falls back to the nearest existing parent. */
  positionOf(path: readonly PropertyKey[], at?: 'value' | 'key'): { line: number; column: number };
}

/** Parses YAML keeping source positions, so every later error can name file:line:column. */
export function parseYamlSource(file: string, text: string): YamlSource {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const syntaxErrors = doc.errors.map((err) => {
    const pos = lineCounter.linePos(err.pos[0]);
    return { file, line: pos.line, column: pos.col, message: err.message.split('\n')[0] ?? err.message };
  });
  const positionOf = (path: readonly PropertyKey[], at: 'value' | 'key' = 'value') =>
    locate(doc, lineCounter, path.filter((key): key is string | number => typeof key !== 'symbol'), at);
  return { file, value: syntaxErrors.length > 0 ? undefined : doc.toJS(), syntaxErrors, positionOf };
}

/** Turns zod issues into positioned errors; unknown keys point at the key itself. */
export function zodSourceErrors(source: YamlSource, error: ZodError): SourceError[] {
  return error.issues.flatMap((issue) => {
    const path = issue.path as PropertyKey[];
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map((key) => {
        const at = source.positionOf([...path, key], 'key');
        return { file: source.file, ...at, message: `unknown key "${[...path, key].join('.')}"` };
      });
    }
    const at = source.positionOf(path);
    const where = path.length > 0 ? `${path.join('.')}: ` : '';
    return [{ file: source.file, ...at, message: `${where}${issue.message}` }];
  });
}
