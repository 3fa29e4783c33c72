import { HttpStatus } from '@nestjs/common';

/** Stable error codes clients can switch on. Each maps to one HTTP status. */
export enum ErrorCode {
  ValidationFailed = 'VALIDATION_FAILED',
  BadRequest = 'BAD_REQUEST',
  Unauthenticated = 'UNAUTHENTICATED',
  InvalidCredentials = 'INVALID_CREDENTIALS',
  Forbidden = 'FORBIDDEN',
  /** An admin reset the password: the user must choose one (`POST /auth/password`) before anything else. */
  PasswordChangeRequired = 'PASSWORD_CHANGE_REQUIRED',
  NotFound = 'NOT_FOUND',
  Conflict = 'CONFLICT',
  Duplicate = 'DUPLICATE',
  IllegalTransition = 'ILLEGAL_TRANSITION',
  StaleVersion = 'STALE_VERSION',
  PayloadTooLarge = 'PAYLOAD_TOO_LARGE',
  UnsupportedMediaType = 'UNSUPPORTED_MEDIA_TYPE',
  TooManyRequests = 'TOO_MANY_REQUESTS',
  ImportFailed = 'IMPORT_FAILED',
  /** A dependency (database, Redis, queue workers) is not serving: /health answers 503. */
  Unavailable = 'SERVICE_UNAVAILABLE',
  /** Every pooled database connection stayed busy for DATABASE_ACQUIRE_TIMEOUT_MS: 503, try again. */
  DatabaseBusy = 'DATABASE_BUSY',
  Internal = 'INTERNAL',
}

export const ERROR_STATUS: Record<ErrorCode, HttpStatus> = {
  [ErrorCode.ValidationFailed]: HttpStatus.BAD_REQUEST,
  [ErrorCode.BadRequest]: HttpStatus.BAD_REQUEST,
  [ErrorCode.ImportFailed]: HttpStatus.BAD_REQUEST,
  [ErrorCode.Unauthenticated]: HttpStatus.UNAUTHORIZED,
  [ErrorCode.InvalidCredentials]: HttpStatus.UNAUTHORIZED,
  [ErrorCode.Forbidden]: HttpStatus.FORBIDDEN,
  [ErrorCode.PasswordChangeRequired]: HttpStatus.FORBIDDEN,
  [ErrorCode.NotFound]: HttpStatus.NOT_FOUND,
  [ErrorCode.Conflict]: HttpStatus.CONFLICT,
  [ErrorCode.Duplicate]: HttpStatus.CONFLICT,
  [ErrorCode.IllegalTransition]: HttpStatus.CONFLICT,
  [ErrorCode.StaleVersion]: HttpStatus.CONFLICT,
  [ErrorCode.PayloadTooLarge]: HttpStatus.PAYLOAD_TOO_LARGE,
  [ErrorCode.UnsupportedMediaType]: HttpStatus.UNSUPPORTED_MEDIA_TYPE,
  [ErrorCode.TooManyRequests]: HttpStatus.TOO_MANY_REQUESTS,
  [ErrorCode.Unavailable]: HttpStatus.SERVICE_UNAVAILABLE,
  [ErrorCode.DatabaseBusy]: HttpStatus.SERVICE_UNAVAILABLE,
  [ErrorCode.Internal]: HttpStatus.INTERNAL_SERVER_ERROR,
};

/**
 * A rule of the domain was broken. Thrown by services; the global filter turns it into
 * `{ statusCode, code, message, details?, ...extra }`. Messages are Chinese: users read them.
 * `extra` adds top-level fields beside `details` (a list's total count when `details` is cut).
 */
export class DomainException extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: unknown,
    readonly extra?: Record<string, unknown>,
  ) {
    super(message);
    this.name = 'DomainException';
  }

  get status(): HttpStatus {
    return ERROR_STATUS[this.code];
  }
}

/** Not found, or outside the caller's scope: the two must look the same. */
export const notFound = (what: string) => new DomainException(ErrorCode.NotFound, `${what}不存在或无权访问`);
export const forbidden = (message = '当前角色无权执行此操作') => new DomainException(ErrorCode.Forbidden, message);
export const badRequest = (message: string, details?: unknown) => new DomainException(ErrorCode.BadRequest, message, details);
export const conflict = (message: string, code: ErrorCode = ErrorCode.Conflict) => new DomainException(code, message);
