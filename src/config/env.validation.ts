import { plainToInstance, Transform } from 'class-transformer';
import { isIP } from 'node:net';
import { parseSecretsKey } from '../modules/follow-up/channels/secret-box.js';
import { IsBoolean, IsIn, IsInt, IsNotEmpty, IsOptional, IsString, Matches, Max, Min, MinLength, validateSync } from 'class-validator';

export const APP_ROLES = ['all', 'api', 'worker'] as const;
export type AppRole = (typeof APP_ROLES)[number];

const toBool = ({ value }: { value: unknown }) =>
  typeof value === 'string' ? ['1', 'true', 'yes', 'on'].includes(value.toLowerCase()) : value;
const toInt = ({ value }: { value: unknown }) => (typeof value === 'string' && value.trim() !== '' ? Number(value) : value);

function isTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

/**
 * Every environment variable the process reads. Validated once at boot: a missing or
 * malformed variable stops the process with a message that names it.
 */
export class EnvironmentVariables {
  @IsIn(['development', 'production', 'test'])
  NODE_ENV: 'development' | 'production' | 'test' = 'development';

  @IsIn(APP_ROLES)
  APP_ROLE: AppRole = 'all';

  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(65535)
  PORT = 3000;

  @IsString()
  @Matches(/^postgres(ql)?:\/\//, { message: 'DATABASE_URL must be a postgres:// URL' })
  DATABASE_URL: string;

  /** Connections in this process's PostgreSQL pool (workers share it in the all-in-one role). */
  @Transform(toInt)
  @IsInt()
  @Min(2)
  @Max(500)
  DATABASE_POOL_SIZE = 20;

  /**
   * The role every pooled connection switches to (row-level security binds it; migrations run
   * before, as the connecting owner). It must not be a superuser, BYPASSRLS or the tables' owner:
   * the process refuses to start otherwise. The migrations create `rectify_app`.
   */
  @IsString()
  @Matches(/^[a-z_][a-z0-9_]{0,62}$/, { message: 'DATABASE_APP_ROLE must be a lower-case PostgreSQL role name' })
  DATABASE_APP_ROLE = 'rectify_app';

  /**
   * How long a request waits for a pooled connection (ms) before it answers 503 DATABASE_BUSY,
   * instead of queueing for ever when the pool is exhausted.
   */
  @Transform(toInt)
  @IsInt()
  @Min(100)
  @Max(120_000)
  DATABASE_ACQUIRE_TIMEOUT_MS = 5000;

  @IsString()
  @Matches(/^rediss?:\/\//, { message: 'REDIS_URL must be a redis:// URL' })
  REDIS_URL = 'redis://127.0.0.1:6379';

  @IsString()
  @Matches(/^[A-Za-z0-9:_-]{1,64}$/, { message: 'REDIS_PREFIX must be 1-64 letters, digits, ":", "_" or "-"' })
  REDIS_PREFIX = 'rectify';

  @IsString()
  @MinLength(16, { message: 'JWT_SECRET must be at least 16 characters' })
  JWT_SECRET: string;

  @Transform(toInt)
  @IsInt()
  @Min(60)
  JWT_EXPIRES_IN_SECONDS = 8 * 3600;

  @IsOptional()
  @IsString()
  @IsNotEmpty()
  ADMIN_USERNAME?: string;

  @IsOptional()
  @IsString()
  @MinLength(8, { message: 'ADMIN_PASSWORD must be at least 8 characters' })
  ADMIN_PASSWORD?: string;

  @IsString()
  APP_TIMEZONE = 'Asia/Shanghai';

  @IsIn(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
  LOG_LEVEL = 'info';

  @Transform(toBool)
  @IsBoolean()
  MIGRATIONS_RUN = true;

  /**
   * The reverse proxies whose X-Forwarded-For is believed, as Express's "trust proxy" list:
   * addresses, CIDR ranges or the names loopback / linklocal / uniquelocal, comma-separated.
   * Unset: no proxy is trusted and the client address is the socket's.
   */
  @IsOptional()
  @IsString()
  TRUST_PROXY?: string;

  /** Failed logins for one username (from any address) before it is locked for the window. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  LOGIN_MAX_FAILURES = 5;

  /** Failed logins from one address (for any usernames) before it is locked for the window. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  LOGIN_MAX_FAILURES_PER_ADDRESS = 20;

  @Transform(toInt)
  @IsInt()
  @Min(1)
  LOGIN_WINDOW_SECONDS = 60;

  @IsString()
  UPLOAD_DIR = 'var/uploads';

  @Transform(toInt)
  @IsInt()
  @Min(1024)
  UPLOAD_MAX_BYTES = 20 * 1024 * 1024;

  @IsString()
  UPLOAD_ALLOWED_TYPES =
    'application/pdf,image/png,image/jpeg,image/gif,image/webp,application/zip,application/x-zip-compressed,' +
    'application/msword,application/vnd.openxmlformats-officedocument.wordprocessingml.document,' +
    'application/vnd.ms-excel,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet,' +
    'application/vnd.ms-powerpoint,application/vnd.openxmlformats-officedocument.presentationml.presentation,' +
    'application/wps-office.docx,application/wps-office.xlsx,text/plain';

  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(90)
  WARNING_DAYS = 7;

  // ── Follow-up (reminders, escalation, delivery) ──
  /** Run the scheduled sweep in worker roles; off to trigger sweeps only through the API. */
  @Transform(toBool)
  @IsBoolean()
  FOLLOW_UP_SCHEDULE_ENABLED = true;

  /** Sweep interval (ms) for the job scheduler, unless FOLLOW_UP_SWEEP_CRON is set. */
  @Transform(toInt)
  @IsInt()
  @Min(1000)
  FOLLOW_UP_SWEEP_EVERY_MS = 3_600_000;

  /** Cron pattern for the sweep (in APP_TIMEZONE), e.g. "0 8 * * *"; overrides the interval. */
  @IsOptional()
  @IsString()
  @Matches(/^(\S+\s+){4,5}\S+$/, { message: 'FOLLOW_UP_SWEEP_CRON must be a cron pattern of 5 or 6 fields' })
  FOLLOW_UP_SWEEP_CRON?: string;

  /** Delivery jobs processed at once per worker process. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(500)
  FOLLOW_UP_CONCURRENCY = 20;

  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(50)
  FOLLOW_UP_DELIVERY_ATTEMPTS = 6;

  /** First retry delay (ms); doubles on each attempt. */
  @Transform(toInt)
  @IsInt()
  @Min(10)
  FOLLOW_UP_BACKOFF_MS = 5_000;

  /** BullMQ lock / stalled-check interval (ms): how soon a job of a killed worker runs again. */
  @Transform(toInt)
  @IsInt()
  @Min(1000)
  FOLLOW_UP_STALLED_MS = 30_000;

  /** /health is down when no worker is attached to the follow-up queue and a job has waited this long (ms). */
  @Transform(toInt)
  @IsInt()
  @Min(0)
  HEALTH_QUEUE_MAX_WAIT_MS = 300_000;

  /** An escalation stays at least this many working days at a level before the next (one level per sweep). */
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(60)
  ESCALATION_MIN_WORKING_DAYS = 3;

  /** A 督办单 names a reply deadline this many working days after issue; unanswered past it, it is chased. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(60)
  SUPERVISION_REPLY_WORKING_DAYS = 5;

  /** A unit's 整改方案 is due this many calendar days after the round's feedback to it. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(365)
  UNIT_PLAN_DUE_DAYS = 30;

  /** A unit's 整改情况报告 is due this many months after the round's feedback to it. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(24)
  UNIT_REPORT_DUE_MONTHS = 2;

  /** SMTP server for e-mail, e.g. smtp://user:pass@mail.example.com:587 (e-mail off when unset). */
  @IsOptional()
  @Matches(/^smtps?:\/\//, { message: 'SMTP_URL must be an smtp:// or smtps:// URL' })
  SMTP_URL?: string;

  @IsString()
  SMTP_FROM = 'Rectify 整改督办 <no-reply@localhost>';

  /**
   * AES-256-GCM key for secrets stored in the database (units' robot secrets): 32 bytes as 64 hex
   * digits or base64. Required in production; elsewhere a robot secret cannot be saved without it.
   */
  @IsOptional()
  @IsString()
  SECRETS_KEY?: string;

  /** The office's own robot (counts and levels only, never item text); off when unset. */
  @IsOptional()
  @Matches(/^https?:\/\//, { message: 'WEBHOOK_URL must be an http(s):// URL' })
  WEBHOOK_URL?: string;

  /** HMAC-SHA256 key: the body's signature goes in the X-Rectify-Signature header. */
  @IsOptional()
  @IsString()
  @MinLength(8, { message: 'WEBHOOK_SECRET must be at least 8 characters' })
  WEBHOOK_SECRET?: string;

  @IsIn(['json', 'dingtalk', 'wecom'])
  WEBHOOK_FORMAT: 'json' | 'dingtalk' | 'wecom' = 'json';

  /**
   * Where people open the pages, e.g. https://zhenggai.example.gov.cn (no trailing slash): every
   * line of a notification links to `${PUBLIC_BASE_URL}/items/<id>`.
   */
  @Matches(/^https?:\/\/[^\s/?#]+(\/[^\s?#]*[^\s?#/])?$/, {
    message: 'PUBLIC_BASE_URL must be an http(s):// URL without a trailing slash, query or fragment',
  })
  PUBLIC_BASE_URL = 'http://localhost:3000';

  /** Per-request timeout (ms) for the webhook and SMTP. */
  @Transform(toInt)
  @IsInt()
  @Min(100)
  FOLLOW_UP_CHANNEL_TIMEOUT_MS = 10_000;

  // ── Audit ──
  /** How often a worker links new audit entries into the hash chain (ms); verify also seals first. */
  @Transform(toInt)
  @IsInt()
  @Min(1000)
  @Max(86_400_000)
  AUDIT_SEAL_EVERY_MS = 60_000;

  // ── Reports (snapshots for trend lines, weekly bulletin) ──
  /** Run the report schedules in worker roles. */
  @Transform(toBool)
  @IsBoolean()
  REPORTS_SCHEDULE_ENABLED = true;

  /** Daily snapshot of the report figures (cron, APP_TIMEZONE). */
  @IsString()
  @Matches(/^(\S+\s+){4,5}\S+$/, { message: 'REPORTS_SNAPSHOT_CRON must be a cron pattern of 5 or 6 fields' })
  REPORTS_SNAPSHOT_CRON = '50 23 * * *';

  /** Weekly progress bulletin, covering the week of the day before (cron, APP_TIMEZONE). */
  @IsString()
  @Matches(/^(\S+\s+){4,5}\S+$/, { message: 'REPORTS_BULLETIN_CRON must be a cron pattern of 5 or 6 fields' })
  REPORTS_BULLETIN_CRON = '0 8 * * 1';

  /**
   * How long a ledger download waits for its client to take the next part (a batch of 1,000 rows
   * as xlsx, 16 K characters as CSV) before it is cut off and its database connection freed (s).
   */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(86_400)
  LEDGER_STALL_TIMEOUT_SECONDS = 300;

  // ── Imports (plan and ledger sheets): hard caps, checked before and while a file is read ──
  /** Largest import upload in bytes (413 above; multer stops reading there). */
  @Transform(toInt)
  @IsInt()
  @Min(1024)
  @Max(100 * 1024 * 1024)
  IMPORT_MAX_BYTES = 5 * 1024 * 1024;

  /** xlsx: parts in the zip at most. */
  @Transform(toInt)
  @IsInt()
  @Min(5)
  @Max(100_000)
  IMPORT_MAX_ZIP_ENTRIES = 500;

  /** xlsx: bytes of all parts once unpacked (declared and counted while inflating). */
  @Transform(toInt)
  @IsInt()
  @Min(64 * 1024)
  @Max(1024 * 1024 * 1024)
  IMPORT_MAX_UNPACKED_BYTES = 50 * 1024 * 1024;

  /** xlsx: unpacked / packed size of any part above 1 MiB. */
  @Transform(toInt)
  @IsInt()
  @Min(2)
  IMPORT_MAX_COMPRESSION_RATIO = 200;

  /** Rows per sheet (a value in a later row is refused). */
  @Transform(toInt)
  @IsInt()
  @Min(10)
  @Max(1_048_576)
  IMPORT_MAX_ROWS = 20_000;

  /** Columns per sheet (a value in a later column is refused). */
  @Transform(toInt)
  @IsInt()
  @Min(10)
  @Max(16_384)
  IMPORT_MAX_COLUMNS = 100;

  /** Non-empty cells per sheet, cells a merged value spans included; also the size of the shared-string table. */
  @Transform(toInt)
  @IsInt()
  @Min(100)
  @Max(50_000_000)
  IMPORT_MAX_CELLS = 500_000;

  /** Characters in one cell. */
  @Transform(toInt)
  @IsInt()
  @Min(100)
  @Max(1_000_000)
  IMPORT_MAX_CELL_CHARS = 32_767;

  /**
   * Ledger exports running at once in one API process (429 with Retry-After beyond); also the size
   * of the exports' own connection pool, kept apart from the API's.
   */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(50)
  EXPORT_MAX_CONCURRENT = 4;

  /** Ledger exports one user may run at once in one API process (429 with Retry-After beyond). */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(50)
  EXPORT_MAX_PER_USER = 1;
}

const PROXY_NAMES = ['loopback', 'linklocal', 'uniquelocal'];

/** TRUST_PROXY as the list Express's "trust proxy" setting takes. */
export function trustedProxies(value: string): string[] {
  return value
    .split(',')
    .map((p) => p.trim())
    .filter((p) => p !== '');
}

/**
 * One entry of TRUST_PROXY: a named range, an address, or address/prefix. Hop counts and `true`
 * are refused on purpose: they would believe a header any client can write.
 */
function isProxyAddress(entry: string): boolean {
  if (PROXY_NAMES.includes(entry)) return true;
  const [address, prefix, ...rest] = entry.split('/');
  const family = isIP(address);
  if (family === 0 || rest.length > 0) return false;
  if (prefix === undefined) return true;
  if (family === 4 && isIP(prefix) === 4) return true; // address/netmask
  if (!/^\d{1,3}$/.test(prefix)) return false;
  return Number(prefix) <= (family === 4 ? 32 : 128);
}

export function validateEnv(raw: Record<string, unknown>): EnvironmentVariables {
  // Empty strings mean "not set", so that `FOO= npm start` falls back to the default.
  const cleaned = Object.fromEntries(Object.entries(raw).filter(([, v]) => v !== '' && v !== undefined));
  const env = plainToInstance(EnvironmentVariables, cleaned, { exposeDefaultValues: true });
  const errors = validateSync(env, { skipMissingProperties: false, whitelist: false });
  const problems = errors.map((e) => {
    const why = Object.values(e.constraints ?? {}).join('; ');
    return `  ${e.property}: ${why || 'invalid'}`;
  });
  if (!isTimeZone(env.APP_TIMEZONE)) problems.push(`  APP_TIMEZONE: unknown time zone "${env.APP_TIMEZONE}"`);
  if (env.TRUST_PROXY !== undefined) {
    const bad = trustedProxies(env.TRUST_PROXY).filter((p) => !isProxyAddress(p));
    if (bad.length > 0 || trustedProxies(env.TRUST_PROXY).length === 0) {
      problems.push(
        `  TRUST_PROXY: expected addresses, CIDR ranges or loopback/linklocal/uniquelocal, comma-separated${bad.length ? ` (not one: ${bad.join(', ')})` : ''}`,
      );
    }
  }
  if (Boolean(env.ADMIN_USERNAME) !== Boolean(env.ADMIN_PASSWORD)) {
    problems.push('  ADMIN_USERNAME / ADMIN_PASSWORD: set both or neither');
  }
  if (env.SECRETS_KEY !== undefined && !parseSecretsKey(env.SECRETS_KEY)) {
    problems.push('  SECRETS_KEY: must be 32 bytes as 64 hex digits or base64 (e.g. `openssl rand -hex 32`)');
  } else if (env.SECRETS_KEY === undefined && env.NODE_ENV === 'production') {
    problems.push('  SECRETS_KEY: required in production (32 bytes as hex or base64, e.g. `openssl rand -hex 32`)');
  }
  if (problems.length > 0) {
    throw new Error(`Invalid configuration:\n${problems.join('\n')}`);
  }
  return env;
}
