import { z } from 'zod';
import { SEVERITIES, isTimezone, parseDuration } from '../domain/index.js';

export const RULE_ID = /^[a-z0-9-]+$/;
export const DAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] as const;
const HOURS = /^(?:[01]\d|2[0-3]):[0-5]\d-(?:(?:[01]\d|2[0-3]):[0-5]\d|24:00)$/;
const NOTIFY = /^(dashboard|(email|webhook|robot):[A-Za-z0-9_-]+)$/;

const oneOf = (values: readonly string[]) => `expected one of ${values.join(', ')}`;


const duration = z
  .string({ error: 'expected a duration such as "500ms", "2s", "5m" or "1h"' })
  .refine((text) => parseDuration(text) !== null, {
    error: 'expected a duration such as "500ms", "2s", "5m" or "1h"',
  });

const fraction = z
  .number({ error: 'expected a number from 0 to 1' })
  .min(0, { error: 'expected a number from 0 to 1' })
  .max(1, { error: 'expected a number from 0 to 1' });

const id = (what: string) =>
  z.string({ error: `expected a ${what} id` }).regex(RULE_ID, { error: `expected a ${what} id of a-z, 0-9 and "-"` });

const timezone = z.string({ error: 'expected an IANA timezone such as "Europe/Berlin"' }).refine(isTimezone, {
  error: 'unknown timezone; expected an IANA name such as "Europe/Berlin"',
});

export const scheduleSchema = z.strictObject({
  days: z
    .array(z.enum(DAYS, { error: oneOf(DAYS) }), { error: 'expected a list of days' })
    .min(1, { error: 'expected at least one day' })
    .optional(),
  hours: z
    .string({ error: 'expected hours as "HH:MM-HH:MM"' })
    .regex(HOURS, { error: 'expected hours as "HH:MM-HH:MM", e.g. "06:00-22:00"' })
    .optional(),
  timezone: timezone.optional(),
});

export const motionWhenSchema = z.strictObject({
  signal: z.literal('motion'),
  zone: id('zone').optional(),
  minArea: fraction.default(0.02),
  for: duration.optional(),
});

export const TAMPER_KINDS = ['covered', 'defocused', 'moved', 'any'] as const;

export const tamperWhenSchema = z.strictObject({
  signal: z.literal('tamper'),
  kind: z.enum(TAMPER_KINDS, { error: oneOf(TAMPER_KINDS) }).default('any'),
  for: duration.optional(),
});

export const offlineWhenSchema = z.strictObject({
  signal: z.literal('offline'),
  for: duration.optional(),
});

export const hazardWhenSchema = z.strictObject({
  hazard: z
    .string({ error: 'expected a hazard name' })
    .regex(/^[a-z0-9_-]+$/, { error: 'expected a hazard name of a-z, 0-9, "_" and "-"' }),
  ask: z.string({ error: 'expected the question to ask the model' }).min(1, { error: 'expected the question to ask the model' }),
  minConfidence: fraction.default(0.5),
  zone: id('zone').optional(),
  for: duration.optional(),
});

export const SIGNALS = ['motion', 'tamper', 'offline'] as const;

/** Picks the schema for a `when` block: a hazard when it names one, else by its `signal`. */
export function whenSchemaFor(when: Record<string, unknown>) {
  if ('hazard' in when) return hazardWhenSchema;
  switch (when.signal) {
    case 'motion':
      return motionWhenSchema;
    case 'tamper':
      return tamperWhenSchema;
    case 'offline':
      return offlineWhenSchema;
    default:
      return null;
  }
}

export const ruleSchema = z.strictObject({
  id: id('rule'),
  name: z.string({ error: 'expected a name' }).min(1, { error: 'expected a name' }),
  severity: z.enum(SEVERITIES, { error: oneOf(SEVERITIES) }),
  cameras: z.union([z.literal('*'), z.array(id('camera')).min(1, { error: 'expected at least one camera' })], {
    error: 'expected "*" or a list of camera ids',
  }),
  when: z.record(z.string(), z.unknown(), { error: 'expected a condition such as { signal: motion, zone: … }' }),
  cooldown: duration.default('1m'),
  clearAfter: duration.default('3s'),
  schedule: scheduleSchema.optional(),
  notify: z
    .array(z.string({ error: 'expected a channel' }).regex(NOTIFY, { error: 'expected "dashboard", "email:ID", "webhook:ID" or "robot:ID"' }), {
      error: 'expected a list of channels',
    })
    .default(['dashboard']),
  enabled: z.boolean({ error: 'expected true or false' }).default(true),
});

export const rulePackSchema = z.strictObject({
  rules: z.array(ruleSchema, { error: 'expected a list of rules' }),
});

export type RuleInput = z.output<typeof ruleSchema>;
export type WhenInput =
  | z.output<typeof motionWhenSchema>
  | z.output<typeof tamperWhenSchema>
  | z.output<typeof offlineWhenSchema>
  | z.output<typeof hazardWhenSchema>;
