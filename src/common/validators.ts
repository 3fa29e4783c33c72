import { Transform } from 'class-transformer';
import { registerDecorator, ValidateIf, type ValidationArguments, type ValidationOptions } from 'class-validator';
import { isCalendarDate } from './dates.js';
import { isBlankText, trimInvisible } from './text.js';

/** The years a calendar date entering the system may fall in (PostgreSQL `date` and common sense agree on these). */
export const MIN_YEAR = 1900;
export const MAX_YEAR = 2199;

/**
 * A real calendar date `YYYY-MM-DD` (so '2026-02-30' and '2026/01/01' are refused by name before
 * anything reaches the database), within MIN_YEAR…MAX_YEAR.
 */
export function IsCalendarDate(options?: ValidationOptions): PropertyDecorator {
  return (target: object, propertyName: string | symbol) =>
    registerDecorator({
      name: 'isCalendarDate',
      target: target.constructor,
      propertyName: String(propertyName),
      options: { message: (args: ValidationArguments) => `${args.property} 须为有效日期（YYYY-MM-DD）`, ...options },
      validator: {
        validate(value: unknown): boolean {
          if (typeof value !== 'string' || !isCalendarDate(value)) return false;
          const year = Number(value.slice(0, 4));
          return year >= MIN_YEAR && year <= MAX_YEAR;
        },
      },
    });
}

/**
 * The field may be left out. Unlike class-validator's `@IsOptional()`, an explicit `null` is NOT
 * waved through: it is validated like any other value and so refused by the field's type rules
 * (`{"name": null}` must not reach a NOT NULL column). Fields where null means something (e.g.
 * "clear the owner") keep `@IsOptional()` with their own `@ValidateIf`.
 */
export function Optional(options?: ValidationOptions): PropertyDecorator {
  return ValidateIf((_object, value) => value !== undefined, options);
}

/**
 * Trims what shows nothing from both ends of a string input before it is validated: white space
 * (full-width included) and format characters such as U+200B or U+202E (see common/text.ts), so
 * that "\u200b" alone arrives as "" and a required field refuses it.
 */
export function Trim(): PropertyDecorator {
  return Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? trimInvisible(value) : value));
}

/**
 * A required free text (reason, note, explanation, statement, title, description, name): a string
 * that shows something. Only white space, zero-width or other format characters counts as empty.
 * Use with `@Trim()`, which also strips them from the ends of what is kept.
 */
export function IsNotBlankText(options?: ValidationOptions): PropertyDecorator {
  return (target: object, propertyName: string | symbol) =>
    registerDecorator({
      name: 'isNotBlankText',
      target: target.constructor,
      propertyName: String(propertyName),
      options: { message: (args: ValidationArguments) => `${args.property} 不能为空（不能只含空白或不可见字符）`, ...options },
      validator: {
        validate: (value: unknown): boolean => typeof value === 'string' && !isBlankText(value),
      },
    });
}
