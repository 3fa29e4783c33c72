import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

const IV_BYTES = 12;
const TAG_BYTES = 16;

/**
 * SECRETS_KEY as 32 bytes: 64 hex digits or base64 of 32 bytes. Null when it is neither (the
 * configuration check names the variable). Never generated: a key made up per process would make
 * every stored secret unreadable after a restart, or differ between the API and the workers.
 */
export function parseSecretsKey(value: string): Buffer | null {
  const v = value.trim();
  if (/^[0-9a-fA-F]{64}$/.test(v)) return Buffer.from(v, 'hex');
  if (/^[A-Za-z0-9+/]{43}=?$/.test(v) || /^[A-Za-z0-9_-]{43}$/.test(v)) {
    const b = Buffer.from(v, v.includes('-') || v.includes('_') ? 'base64url' : 'base64');
    return b.length === 32 ? b : null;
  }
  return null;
}

/**
 * AES-256-GCM: `iv ‖ tag ‖ ciphertext`. `context` (the row's key, e.g. the unit id) is bound as
 * additional data, so a ciphertext copied onto another row does not decrypt.
 */
export function sealSecret(key: Buffer, plaintext: string, context: string): Buffer {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(Buffer.from(context, 'utf8'));
  const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  return Buffer.concat([iv, cipher.getAuthTag(), body]);
}

/** The plaintext, or an error that names no secret (wrong key, tampered or moved ciphertext). */
export function openSecret(key: Buffer, sealed: Buffer, context: string): string {
  if (sealed.length < IV_BYTES + TAG_BYTES) throw new Error('stored secret is malformed');
  const decipher = createDecipheriv('aes-256-gcm', key, sealed.subarray(0, IV_BYTES));
  decipher.setAAD(Buffer.from(context, 'utf8'));
  decipher.setAuthTag(sealed.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
  try {
    return Buffer.concat([decipher.update(sealed.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]).toString('utf8');
  } catch {
    throw new Error('stored secret cannot be decrypted with SECRETS_KEY (key changed?)');
  }
}

/** A URL for people and logs: each query value cut to its first 4 characters (WeCom's `key`, DingTalk's `access_token`). */
export function maskUrl(raw: string): string {
  try {
    const u = new URL(raw);
    for (const [k, v] of [...u.searchParams]) u.searchParams.set(k, v.length > 4 ? `${v.slice(0, 4)}****` : '****');
    if (u.password) u.password = '****';
    return u.toString();
  } catch {
    return '(invalid URL)';
  }
}
