import { z } from 'zod';
import { SeverityDto } from './alert-dto.js';

/** A problem in a rule pack, with its place in the file (1-based line and column). */
export const RuleErrorDto = z.object({
  file: z.string(),
  line: z.number().int(),
  column: z.number().int(),
  message: z.string(),
});
export type RuleErrorDto = z.infer<typeof RuleErrorDto>;

/** One loaded rule, as operators wrote it. */
export const RuleDto = z.object({
  id: z.string(),
  name: z.string(),
  severity: SeverityDto,
  cameras: z.union([z.array(z.string()), z.literal('*')]),
  /** The condition as written in the pack (`signal` or `hazard`, zone, thresholds, durations). */
  when: z.record(z.string(), z.unknown()),
  notify: z.array(z.string()),
});
export type RuleDto = z.infer<typeof RuleDto>;

/**
 * One rule pack file. With errors, `rules` are those still running from the last good version of the file
 * (a bad file never replaces a good one), or none when it never loaded.
 */
export const RulePackDto = z.object({
  file: z.string(),
  rules: z.array(RuleDto),
  errors: z.array(RuleErrorDto),
});
export type RulePackDto = z.infer<typeof RulePackDto>;

export const RulePackListDto = z.object({ items: z.array(RulePackDto) });
export type RulePackListDto = z.infer<typeof RulePackListDto>;

/** What the rules engine reports; the API replies with it as is. */
export type RuleErrorInfo = RuleErrorDto;
export type RuleInfo = RuleDto;
export type RulePackInfo = RulePackDto;

/** JSON body of `POST /api/rules/validate` (a raw YAML body is accepted too). */
export const RuleValidateBody = z.strictObject({
  file: z.string().trim().min(1).max(300).optional(),
  text: z.string().max(1_000_000),
});
export type RuleValidateBody = z.infer<typeof RuleValidateBody>;

export const RuleValidateResultDto = z.object({ ok: z.boolean(), errors: z.array(RuleErrorDto) });
export type RuleValidateResultDto = z.infer<typeof RuleValidateResultDto>;
