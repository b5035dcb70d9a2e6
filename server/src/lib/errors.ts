import { ERRORS, type ErrorCode, type FieldError } from '@puhui/shared';

/** A refusal the user can act on: maps to its HTTP status and Chinese message (shared/errors.ts). */
export class AppError extends Error {
  readonly status: number;
  constructor(
    readonly code: ErrorCode,
    readonly details?: Record<string, unknown>,
    message?: string,
  ) {
    super(message ?? ERRORS[code][1]);
    this.status = ERRORS[code][0];
  }
}

export function fail(code: ErrorCode, details?: Record<string, unknown>, message?: string): never {
  throw new AppError(code, details, message);
}

export function invalidFields(fields: FieldError[], code: ErrorCode = 'VALIDATION_FAILED'): AppError {
  const first = fields[0];
  const message = first ? `${first.field}: ${first.message}` : undefined;
  return new AppError(code, { fields }, message);
}
