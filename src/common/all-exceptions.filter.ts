import { ArgumentsHost, Catch, ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import type { Response } from 'express';
import { QueryFailedError } from 'typeorm';
import { databaseUnavailable, DATABASE_RETRY_AFTER_SECONDS } from './database-errors.js';
import { DomainException, ErrorCode } from './errors.js';

interface ErrorBody {
  statusCode: number;
  code: string;
  message: string;
  details?: unknown;
}

const STATUS_CODES: Partial<Record<number, ErrorCode>> = {
  400: ErrorCode.BadRequest,
  401: ErrorCode.Unauthenticated,
  403: ErrorCode.Forbidden,
  404: ErrorCode.NotFound,
  409: ErrorCode.Conflict,
  413: ErrorCode.PayloadTooLarge,
  415: ErrorCode.UnsupportedMediaType,
  429: ErrorCode.TooManyRequests,
};

const DEFAULT_MESSAGES: Partial<Record<number, string>> = {
  400: '请求无效',
  401: '未登录或登录已过期',
  403: '当前角色无权执行此操作',
  404: '资源不存在或无权访问',
  413: '上传文件过大',
  415: '不支持的文件类型',
  429: '请求过于频繁，请稍后再试',
};

/**
 * PostgreSQL errors that only user input can cause (a DTO rule that should have caught it did not).
 * They are a 400, never a 500; the transaction they happened in has rolled back, so nothing is written.
 */
const INVALID_INPUT_SQLSTATES: Record<string, string> = {
  '22001': '输入过长，超出允许的长度', // string_data_right_truncation
  '22003': '数值超出允许的范围', // numeric_value_out_of_range
  '22007': '参数格式无效', // invalid_datetime_format
  '22008': '日期或时间超出允许的范围', // datetime_field_overflow
  '22021': '输入包含无效字符', // character_not_in_repertoire (e.g. NUL)
  '22P02': '参数格式无效', // invalid_text_representation
  '22P05': '输入包含无效字符', // untranslatable_character
  '23502': '缺少必填字段', // not_null_violation
  '23514': '输入不符合约束条件', // check_violation
  '2201W': '分页参数无效', // invalid_row_count_in_limit_clause
  '2201X': '分页参数无效', // invalid_row_count_in_result_offset_clause
};

/**
 * One error shape for every failure. Domain exceptions carry their code; Nest HTTP exceptions
 * are mapped by status; database constraint violations become 409/400; anything else is a 500
 * whose body never shows internals.
 */
@Catch()
export class AllExceptionsFilter implements ExceptionFilter {
  private readonly logger = new Logger('Errors');

  catch(exception: unknown, host: ArgumentsHost): void {
    const ctx = host.switchToHttp();
    const res = ctx.getResponse<Response>();
    const body = this.toBody(exception);
    const unavailable = databaseUnavailable(exception) !== null;
    if (unavailable) {
      // Expected under overload or a database restart: one line, not a stack per request.
      this.logger.warn(`${body.code}: ${exception instanceof Error ? exception.message : String(exception)}`);
    } else if (body.statusCode >= 500) {
      this.logger.error(exception instanceof Error ? (exception.stack ?? exception.message) : String(exception));
    }
    // For the security events written once the response is sent (they record the code).
    res.locals.errorCode = body.code;
    if (res.headersSent) return;
    if (unavailable && !res.getHeader('Retry-After')) res.setHeader('Retry-After', String(DATABASE_RETRY_AFTER_SECONDS));
    res.status(body.statusCode).json(body);
  }

  toBody(exception: unknown): ErrorBody {
    if (exception instanceof DomainException) {
      const body = withDetails({ statusCode: exception.status, code: exception.code, message: exception.message }, exception.details);
      return exception.extra ? { ...body, ...exception.extra } : body;
    }
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      const response = exception.getResponse();
      if (typeof response === 'object' && response !== null && 'code' in response) {
        return { statusCode: status, ...(response as Omit<ErrorBody, 'statusCode'>) };
      }
      const raw = typeof response === 'string' ? response : (response as { message?: unknown }).message;
      const message = Array.isArray(raw) ? raw.join('; ') : typeof raw === 'string' ? raw : undefined;
      return {
        statusCode: status,
        code: STATUS_CODES[status] ?? (status >= 500 ? ErrorCode.Internal : ErrorCode.BadRequest),
        message: pickMessage(status, message),
      };
    }
    if (exception instanceof QueryFailedError) {
      const pg = exception.driverError as { code?: string; detail?: string; constraint?: string };
      if (pg?.code === '23505') {
        return {
          statusCode: HttpStatus.CONFLICT,
          code: ErrorCode.Duplicate,
          message: '记录已存在（重复）',
          details: { constraint: pg.constraint },
        };
      }
      if (pg?.code === '23503') {
        return {
          statusCode: HttpStatus.BAD_REQUEST,
          code: ErrorCode.BadRequest,
          message: '引用的记录不存在',
          details: { constraint: pg.constraint },
        };
      }
      const invalid = pg?.code ? INVALID_INPUT_SQLSTATES[pg.code] : undefined;
      if (invalid) return { statusCode: HttpStatus.BAD_REQUEST, code: ErrorCode.BadRequest, message: invalid };
    }
    const db = databaseUnavailable(exception);
    if (db) return { statusCode: HttpStatus.SERVICE_UNAVAILABLE, ...db };
    // body-parser and multer errors carry a status of their own.
    const status = (exception as { status?: unknown; statusCode?: unknown })?.status;
    if (typeof status === 'number' && status >= 400 && status < 500) {
      return { statusCode: status, code: STATUS_CODES[status] ?? ErrorCode.BadRequest, message: DEFAULT_MESSAGES[status] ?? '请求无效' };
    }
    return { statusCode: 500, code: ErrorCode.Internal, message: '服务器内部错误' };
  }
}

function withDetails(body: ErrorBody, details: unknown): ErrorBody {
  return details === undefined ? body : { ...body, details };
}

function pickMessage(status: number, message: string | undefined): string {
  // Nest's own English defaults ("Not Found", "Forbidden resource") are replaced by Chinese.
  if (
    !message ||
    /^(Not Found|Forbidden resource|Unauthorized|Bad Request|Payload Too Large|Too Many Requests)$/i.test(message) ||
    message.startsWith('Cannot ')
  ) {
    return DEFAULT_MESSAGES[status] ?? (status >= 500 ? '服务器内部错误' : '请求无效');
  }
  // Nest's built-in pipes (ParseUUIDPipe, ParseIntPipe, ParseBoolPipe …) speak English.
  const pipe =
    /^Validation failed \((\w+) is expected\)$/.exec(message) ?? /^Validation failed \((\w+) string is expected\)$/.exec(message);
  if (pipe) return `参数格式无效：需要 ${pipe[1]}`;
  return message;
}
