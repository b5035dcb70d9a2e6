import 'reflect-metadata';
import { plainToInstance, type ClassConstructor } from 'class-transformer';
import {
  registerDecorator,
  validateSync,
  type ValidationError,
  type ValidationOptions,
} from 'class-validator';
import { isValidCreditCode, isValidIdNumber, type FieldError } from '@puhui/shared';
import { invalidFields } from './errors';

/**
 * Turns a request part into a DTO instance or throws a 400 naming every bad field. Unknown fields are
 * refused (forbidNonWhitelisted), so a typo never passes silently.
 */
export function parseDto<T extends object>(cls: ClassConstructor<T>, plain: unknown, prefix = ''): T {
  if (plain === null || typeof plain !== 'object' || Array.isArray(plain)) {
    throw invalidFields([{ field: prefix || 'body', message: '应为 JSON 对象' }]);
  }
  const instance = plainToInstance(cls, plain, { enableImplicitConversion: false });
  const errors = validateSync(instance, { whitelist: true, forbidNonWhitelisted: true });
  if (errors.length > 0) throw fieldsError(flatten(errors, prefix));
  return instance;
}

/** An array body: each row validated, errors named `[i].field`. */
export function parseDtoArray<T extends object>(
  cls: ClassConstructor<T>,
  plain: unknown,
  maxRows: number,
): T[] {
  if (!Array.isArray(plain)) throw invalidFields([{ field: 'body', message: '应为数组' }]);
  if (plain.length === 0) throw invalidFields([{ field: 'body', message: '至少需要一行' }]);
  if (plain.length > maxRows) throw invalidFields([{ field: 'body', message: `每次最多 ${maxRows} 行` }]);
  const fields: FieldError[] = [];
  const rows: T[] = [];
  plain.forEach((row, i) => {
    try {
      rows.push(parseDto(cls, row, `[${i}]`));
    } catch (err) {
      const details = (err as { details?: { fields?: FieldError[] } }).details;
      fields.push(...(details?.fields ?? []));
    }
  });
  if (fields.length > 0) throw fieldsError(fields.slice(0, 100));
  return rows;
}

/** A lone checksum failure gets its own code (INVALID_ID_NUMBER / INVALID_CREDIT_CODE). */
function fieldsError(fields: FieldError[]) {
  const only = fields.length === 1 ? fields[0].message : null;
  const code =
    only === ID_NUMBER_MESSAGE
      ? 'INVALID_ID_NUMBER'
      : only === CREDIT_CODE_MESSAGE
        ? 'INVALID_CREDIT_CODE'
        : 'VALIDATION_FAILED';
  return invalidFields(fields, code);
}

function flatten(errors: ValidationError[], prefix: string): FieldError[] {
  return errors.flatMap((e) => {
    const field = prefix ? `${prefix}.${e.property}` : e.property;
    const own = e.constraints
      ? [
          {
            field,
            message: e.constraints.whitelistValidation
              ? '不允许的字段'
              : e.constraints[Object.keys(e.constraints)[0]],
          },
        ]
      : [];
    return [...own, ...flatten(e.children ?? [], field)];
  });
}

const ID_NUMBER_MESSAGE = '身份证号码校验不通过';
const CREDIT_CODE_MESSAGE = '统一社会信用代码校验不通过';

/** 居民身份证号 with the GB 11643 check digit. */
export function IsIdNumber(options?: ValidationOptions) {
  return (target: object, propertyName: string) =>
    registerDecorator({
      name: 'isIdNumber',
      target: target.constructor,
      propertyName,
      options: { message: ID_NUMBER_MESSAGE, ...options },
      validator: { validate: (v: unknown) => typeof v === 'string' && isValidIdNumber(v) },
    });
}

/** 统一社会信用代码 with the GB 32100 check character. */
export function IsCreditCode(options?: ValidationOptions) {
  return (target: object, propertyName: string) =>
    registerDecorator({
      name: 'isCreditCode',
      target: target.constructor,
      propertyName,
      options: { message: CREDIT_CODE_MESSAGE, ...options },
      validator: { validate: (v: unknown) => typeof v === 'string' && isValidCreditCode(v) },
    });
}

/** Money in fen: a safe integer within bounds. */
export function IsFen(min: number, max: number, options?: ValidationOptions) {
  return (target: object, propertyName: string) =>
    registerDecorator({
      name: 'isFen',
      target: target.constructor,
      propertyName,
      constraints: [min, max],
      options: { message: `金额应为 ${min} 到 ${max} 之间的整数（单位：分）`, ...options },
      validator: {
        validate: (v: unknown) => typeof v === 'number' && Number.isSafeInteger(v) && v >= min && v <= max,
      },
    });
}
