import { z } from 'zod';

/** Every error reply: `{ error: { code, message, fields? } }`. `fields` names what was wrong in a 400. */
export const FieldErrorDto = z.object({ path: z.string(), message: z.string() });
export type FieldErrorDto = z.infer<typeof FieldErrorDto>;

export const ErrorDto = z.object({
  error: z.object({
    code: z.string(),
    message: z.string(),
    fields: z.array(FieldErrorDto).optional(),
  }),
});
export type ErrorDto = z.infer<typeof ErrorDto>;
