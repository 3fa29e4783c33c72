import { describe, expect, it } from '@jest/globals';
import { validateEnv } from './env.validation.js';

const base = { DATABASE_URL: 'postgres://postgres@127.0.0.1/x', JWT_SECRET: 'a-secret-of-enough-length' };

describe('validateEnv', () => {
  it('fills defaults', () => {
    const env = validateEnv(base);
    expect(env).toMatchObject({
      APP_ROLE: 'all',
      PORT: 3000,
      REDIS_PREFIX: 'rectify',
      APP_TIMEZONE: 'Asia/Shanghai',
      MIGRATIONS_RUN: true,
      WARNING_DAYS: 7,
    });
  });

  it('names a missing JWT_SECRET', () => {
    expect(() => validateEnv({ DATABASE_URL: base.DATABASE_URL })).toThrow(/JWT_SECRET/);
  });

  it('names every bad variable at once', () => {
    const run = () => validateEnv({ ...base, PORT: 'eighty', APP_ROLE: 'cron', APP_TIMEZONE: 'Mars/Olympus' });
    expect(run).toThrow(/PORT/);
    expect(run).toThrow(/APP_ROLE/);
    expect(run).toThrow(/APP_TIMEZONE/);
  });

  it('wants admin username and password together', () => {
    expect(() => validateEnv({ ...base, ADMIN_USERNAME: 'admin' })).toThrow(/ADMIN_USERNAME \/ ADMIN_PASSWORD/);
  });

  it('reads booleans and numbers from strings', () => {
    expect(validateEnv({ ...base, MIGRATIONS_RUN: 'false', PORT: '8080' })).toMatchObject({ MIGRATIONS_RUN: false, PORT: 8080 });
  });

  it('takes SECRETS_KEY as 32 bytes in hex or base64, refuses anything else, and requires it in production', () => {
    const hex = 'ab'.repeat(32);
    const b64 = Buffer.alloc(32, 7).toString('base64');
    expect(validateEnv({ ...base, SECRETS_KEY: hex }).SECRETS_KEY).toBe(hex);
    expect(validateEnv({ ...base, SECRETS_KEY: b64 }).SECRETS_KEY).toBe(b64);
    for (const bad of ['ab'.repeat(31), Buffer.alloc(16).toString('base64'), 'not a key at all', 'zz'.repeat(32)]) {
      expect(() => validateEnv({ ...base, SECRETS_KEY: bad })).toThrow(/SECRETS_KEY: must be 32 bytes/);
    }
    expect(() => validateEnv({ ...base, NODE_ENV: 'production' })).toThrow(/SECRETS_KEY: required in production/);
    expect(validateEnv({ ...base, NODE_ENV: 'production', SECRETS_KEY: hex }).NODE_ENV).toBe('production');
    expect(validateEnv(base).SECRETS_KEY).toBeUndefined();
  });
});
