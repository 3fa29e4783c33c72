import { type ArgumentMetadata, BadRequestException, ValidationError, ValidationPipe } from '@nestjs/common';
import { ErrorCode } from './errors.js';

export interface FieldProblem {
  field: string;
  messages: string[];
}

function flatten(errors: ValidationError[], parent = ''): FieldProblem[] {
  return errors.flatMap((e) => {
    const field = parent ? `${parent}.${e.property}` : e.property;
    const own = e.constraints ? [{ field, messages: Object.values(e.constraints) }] : [];
    return [...own, ...flatten(e.children ?? [], field)];
  });
}

/** The path of the first string holding a NUL character (PostgreSQL text cannot store one), or null. */
export function findNul(value: unknown, path = '', depth = 0): string | null {
  if (typeof value === 'string') return value.includes('\u0000') ? path || 'value' : null;
  if (depth > 20 || value === null || typeof value !== 'object') return null;
  for (const [key, v] of Object.entries(value)) {
    if (key.includes('\u0000')) return path ? `${path}.${key}` : key;
    const hit = findNul(v, Array.isArray(value) ? `${path}[${key}]` : path ? `${path}.${key}` : key, depth + 1);
    if (hit) return hit;
  }
  return null;
}

/** Deepest nesting of arrays and objects a body may have; our DTOs nest 2–3 levels. */
export const MAX_BODY_DEPTH = 32;

/**
 * Whether `value` nests arrays/objects deeper than `max`. Iterative, so a 5000-level body cannot
 * overflow the stack here (it did in class-transformer: a 500), and it stops at the first too-deep node.
 */
export function nestsDeeperThan(value: unknown, max: number): boolean {
  const stack: [unknown, number][] = [[value, 0]];
  while (stack.length > 0) {
    const [v, depth] = stack.pop()!;
    if (v === null || typeof v !== 'object') continue;
    if (depth + 1 > max) return true;
    for (const child of Object.values(v)) if (child !== null && typeof child === 'object') stack.push([child, depth + 1]);
  }
  return false;
}

/**
 * Refuses bodies nested deeper than MAX_BODY_DEPTH (before class-transformer recurses into them), and
 * NUL characters anywhere in a body, query or route parameter before the DTO rules run:
 * PostgreSQL would otherwise fail the write (22021) deep inside a service.
 */
class HouseValidationPipe extends ValidationPipe {
  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    if ((metadata.type === 'body' || metadata.type === 'query') && nestsDeeperThan(value, MAX_BODY_DEPTH)) {
      throw new BadRequestException({
        code: ErrorCode.ValidationFailed,
        message: `输入无效：嵌套层数超过上限 ${MAX_BODY_DEPTH} 层`,
        details: [{ field: metadata.type, messages: [`嵌套层数不能超过 ${MAX_BODY_DEPTH} 层`] }],
      });
    }
    if (metadata.type === 'body' || metadata.type === 'query' || metadata.type === 'param') {
      const field = findNul(value, metadata.type === 'param' ? (metadata.data ?? '') : '');
      if (field) {
        throw new BadRequestException({
          code: ErrorCode.ValidationFailed,
          message: `输入无效：${field}（不能包含空字符 \\u0000）`,
          details: [{ field, messages: ['不能包含空字符'] }],
        });
      }
    }
    return super.transform(value, metadata);
  }
}

/** The global pipe: strips nothing silently — unknown fields are rejected, by name; NUL characters are refused. */
export function createValidationPipe(): ValidationPipe {
  return new HouseValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    transformOptions: { enableImplicitConversion: false },
    exceptionFactory: (errors) => {
      const details = flatten(errors);
      return new BadRequestException({
        code: ErrorCode.ValidationFailed,
        message: `输入无效：${details.map((d) => `${d.field}（${d.messages.join('；')}）`).join('，')}`,
        details,
      });
    },
  });
}
