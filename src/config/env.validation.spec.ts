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

  it('has import caps by default and refuses ones that are not whole numbers in range', () => {
    expect(validateEnv(base)).toMatchObject({
      IMPORT_MAX_BYTES: 5 * 1024 * 1024,
      IMPORT_MAX_UNPACKED_BYTES: 50 * 1024 * 1024,
      IMPORT_MAX_ROWS: 20_000,
      IMPORT_MAX_COLUMNS: 100,
      IMPORT_MAX_CELLS: 500_000,
      IMPORT_MAX_CELL_CHARS: 32_767,
    });
    expect(validateEnv({ ...base, IMPORT_MAX_ROWS: '500' })).toMatchObject({ IMPORT_MAX_ROWS: 500 });
    const run = () => validateEnv({ ...base, IMPORT_MAX_ROWS: 'many', IMPORT_MAX_COLUMNS: '0', IMPORT_MAX_UNPACKED_BYTES: '2000000000' });
    expect(run).toThrow(/IMPORT_MAX_ROWS/);
    expect(run).toThrow(/IMPORT_MAX_COLUMNS/);
    expect(run).toThrow(/IMPORT_MAX_UNPACKED_BYTES/);
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

  it('trusts no proxy unless TRUST_PROXY names one by address, range or name', () => {
    expect(validateEnv(base).TRUST_PROXY).toBeUndefined();
    for (const ok of ['10.0.0.1', '10.0.0.0/8, 192.168.1.1', 'loopback', '::1', 'fd00::/8', '10.0.0.0/255.0.0.0']) {
      expect(validateEnv({ ...base, TRUST_PROXY: ok }).TRUST_PROXY).toBe(ok);
    }
    for (const bad of ['true', '1', '*', 'example.com', '10.0.0.0/33', '10.0.0.1/8/8', ' , ']) {
      expect(() => validateEnv({ ...base, TRUST_PROXY: bad })).toThrow(/TRUST_PROXY/);
    }
  });
});
