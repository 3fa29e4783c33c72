import { describe, expect, it } from '@jest/globals';
import { QueryFailedError, QueryRunnerAlreadyReleasedError } from 'typeorm';
import { databaseUnavailable } from './database-errors.js';
import { ErrorCode } from './errors.js';

const pgError = (code: string) => Object.assign(new Error(`pg ${code}`), { code });

describe('databaseUnavailable', () => {
  it('names pool exhaustion DATABASE_BUSY', () => {
    expect(databaseUnavailable(new Error('timeout exceeded when trying to connect'))?.code).toBe(ErrorCode.DatabaseBusy);
    expect(databaseUnavailable(new Error('Connection terminated due to connection timeout'))?.code).toBe(ErrorCode.DatabaseBusy);
  });

  it('names a lost connection SERVICE_UNAVAILABLE, including a query on a runner its connection error released', () => {
    for (const e of [
      new QueryRunnerAlreadyReleasedError(),
      new Error('Connection terminated unexpectedly'),
      new QueryFailedError('UPDATE x', [], pgError('57P01')),
      pgError('08006'),
      pgError('ECONNREFUSED'),
    ]) {
      expect(databaseUnavailable(e)).toEqual({ code: ErrorCode.Unavailable, message: '数据库连接中断，请稍后重试' });
    }
  });

  it('leaves every other error alone', () => {
    expect(databaseUnavailable(new QueryFailedError('INSERT', [], pgError('23505')))).toBeNull();
    expect(databaseUnavailable(new Error('boom'))).toBeNull();
    expect(databaseUnavailable('timeout exceeded when trying to connect')).toBeNull();
  });
});
