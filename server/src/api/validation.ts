import type { z } from 'zod';
import { VigilError } from '../domain/index.js';
import type { FieldErrorDto } from '../contracts/index.js';

export type InputPart = 'body' | 'query' | 'params';

/** Parses a request part with its schema; a failure is a VigilError('invalid_input') naming each field. */
export function parseInput<S extends z.ZodType>(schema: S, value: unknown, part: InputPart): z.output<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const fields = issuesToFields(result.error.issues);
  const first = fields[0];
  const message = first ? `invalid ${part}: ${first.path || part}: ${first.message}` : `invalid ${part}`;
  throw new VigilError('invalid_input', message, { fields });
}

/** zod issues → `{ path: "zones.0.polygon.1.0", message }`; an unknown key is reported at its own path. */
export function issuesToFields(issues: readonly z.core.$ZodIssue[]): FieldErrorDto[] {
  const fields: FieldErrorDto[] = [];
  for (const issue of issues) {
    const base = issue.path.map(String);
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) fields.push({ path: [...base, key].join('.'), message: 'unknown field' });
    } else {
      fields.push({ path: base.join('.'), message: issue.message });
    }
  }
  return fields;
}
