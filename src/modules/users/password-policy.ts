import { DomainException, ErrorCode } from '../../common/errors.js';

export const PASSWORD_MIN_LENGTH = 10;
/** Of the four classes below, a password needs at least this many. */
export const PASSWORD_MIN_CLASSES = 3;

const CLASSES: { label: string; test: RegExp }[] = [
  { label: '小写字母', test: /\p{Ll}/u },
  { label: '大写字母', test: /\p{Lu}/u },
  { label: '数字', test: /\p{Nd}/u },
  { label: '符号', test: /[^\p{L}\p{N}]/u },
];

/**
 * What a password set through the API lacks, in words a user reads (empty when it is acceptable):
 * at least 10 characters, at least 3 of lower case / upper case / digit / symbol, not the username.
 */
export function passwordProblems(password: string, username: string): string[] {
  const problems: string[] = [];
  const length = [...password].length;
  if (length < PASSWORD_MIN_LENGTH) problems.push(`长度至少 ${PASSWORD_MIN_LENGTH} 位（当前 ${length} 位）`);
  const missing = CLASSES.filter((c) => !c.test.test(password)).map((c) => c.label);
  const lacking = PASSWORD_MIN_CLASSES - (CLASSES.length - missing.length);
  if (lacking > 0) {
    problems.push(
      `须包含小写字母、大写字母、数字、符号中的至少 ${PASSWORD_MIN_CLASSES} 类，还需从 ${missing.join('、')} 中再加 ${lacking} 类`,
    );
  }
  if (password.toLowerCase() === username.toLowerCase()) problems.push('不能与用户名相同');
  return problems;
}

/** 400 naming every rule the password breaks, under `field`. */
export function assertPasswordPolicy(password: string, username: string, field = 'password'): void {
  const problems = passwordProblems(password, username);
  if (problems.length === 0) return;
  throw new DomainException(ErrorCode.ValidationFailed, `密码不符合要求：${problems.join('；')}`, [{ field, messages: problems }]);
}
