/** The closed set of failure kinds Vigil reports. Only api/ maps them to HTTP statuses. */
export type ErrorCode =
  | 'invalid_input'
  | 'invalid_config'
  | 'invalid_rules'
  | 'not_found'
  | 'conflict'
  | 'precondition_failed'
  | 'unprocessable'
  | 'unsupported_media_type'
  | 'unauthorized'
  | 'forbidden'
  | 'unavailable'
  | 'internal';

export class VigilError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'VigilError';
  }
}

export const notFound = (what: string, id: string) => new VigilError('not_found', `${what} ${id} not found`);
export const invalidInput = (message: string, details?: unknown) => new VigilError('invalid_input', message, details);
export const conflict = (message: string) => new VigilError('conflict', message);
