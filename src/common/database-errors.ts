import { QueryFailedError, QueryRunnerAlreadyReleasedError } from 'typeorm';
import { ErrorCode } from './errors.js';

/** Seconds a client should wait before retrying a request the database could not serve. */
export const DATABASE_RETRY_AFTER_SECONDS = 1;

export interface DatabaseUnavailable {
  code: ErrorCode.DatabaseBusy | ErrorCode.Unavailable;
  message: string;
}

// pg-pool's own errors carry no code: its messages are the only mark (pg-pool 3.x).
const POOL_TIMEOUTS = ['timeout exceeded when trying to connect', 'Connection terminated due to connection timeout'];
const CONNECTION_LOST = ['Connection terminated unexpectedly', 'Connection terminated'];
const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH']);

/**
 * Failures that say nothing about the request and everything about the database's state, so they
 * answer 503 (with Retry-After) instead of 500:
 *  - the pool had no free connection within DATABASE_ACQUIRE_TIMEOUT_MS → DATABASE_BUSY;
 *  - the connection was lost (the server restarted or terminated it, the socket broke), including
 *    TypeORM's QueryRunnerAlreadyReleasedError, which is what a query in a transaction meets once its
 *    connection emitted an error → SERVICE_UNAVAILABLE. The transaction never committed; the pool
 *    has dropped that connection and opens a new one for the next request.
 */
export function databaseUnavailable(exception: unknown): DatabaseUnavailable | null {
  if (!(exception instanceof Error)) return null;
  if (POOL_TIMEOUTS.includes(exception.message)) {
    return { code: ErrorCode.DatabaseBusy, message: '数据库连接繁忙，请稍后重试' };
  }
  const lost = { code: ErrorCode.Unavailable, message: '数据库连接中断，请稍后重试' } as const;
  if (exception instanceof QueryRunnerAlreadyReleasedError || CONNECTION_LOST.includes(exception.message)) return lost;
  const driver = exception instanceof QueryFailedError ? (exception.driverError as { code?: unknown }) : (exception as { code?: unknown });
  const code = typeof driver?.code === 'string' ? driver.code : '';
  // 57P01-57P03: admin shutdown, crash shutdown, cannot connect now; class 08: connection exception.
  if (/^57P0[123]$/.test(code) || code.startsWith('08') || NETWORK_CODES.has(code)) return lost;
  return null;
}
