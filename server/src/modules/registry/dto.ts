import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Length,
  Matches,
  Max,
  Min,
  ValidateIf,
} from 'class-validator';
import {
  INSURANCE_TYPES,
  PERSON_STATUSES,
  RESIDENT_CATEGORIES,
  normalizeIdNumber,
  type AdminCreditRow,
  type FieldError,
  type AdminPersonRow,
  type InsuranceType,
  type PersonStatus,
  type ResidentCategory,
} from '@puhui/shared';
import { IsFen, IsIdNumber } from '../../lib/validation';

/** Balances up to 10 million yuan; anything larger is a data error. */
export const MAX_BALANCE_FEN = 1_000_000_000;

export class EntriesQueryDto {
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: 'limit 应为整数' })
  @Min(1, { message: 'limit 最小为 1' })
  @Max(100, { message: 'limit 最大为 100' })
  limit?: number;

  @IsOptional()
  @IsString()
  @Length(1, 64)
  cursor?: string;
}

export class AdminPersonDto implements AdminPersonRow {
  @IsString()
  @Matches(/^[\u3400-\u9fff\u00b7·A-Za-z ]{2,30}$/u, { message: '姓名应为 2–30 个汉字或字母' })
  name: string;

  @IsString()
  @IsIdNumber()
  idNumber: string;

  @IsIn(INSURANCE_TYPES, { message: `insuranceType 应为 ${INSURANCE_TYPES.join('/')}` })
  insuranceType: InsuranceType;

  @IsIn(PERSON_STATUSES, { message: `status 应为 ${PERSON_STATUSES.join('/')}` })
  status: PersonStatus;

  @IsString()
  @Matches(/^\d{6}$/, { message: 'regionCode 应为 6 位统筹区代码' })
  regionCode: string;

  @IsOptional()
  @IsBoolean()
  beijingHukou?: boolean;

  @IsOptional()
  @IsBoolean()
  beijingResidencePermit?: boolean;

  @IsOptional()
  @ValidateIf((_, v) => v !== null)
  @IsIn(RESIDENT_CATEGORIES, { message: `residentCategory 应为 ${RESIDENT_CATEGORIES.join('/')}` })
  residentCategory?: ResidentCategory | null;

  /** Only for EMPLOYEE rows (checked across the batch by `checkPersonRows`). */
  @IsOptional()
  @IsFen(0, MAX_BALANCE_FEN)
  balanceFen?: number;

  @IsOptional()
  @IsString()
  @Matches(/^\d{6}$/, { message: '支付密码应为 6 位数字' })
  paymentPassword?: string;

  /** 参保缴费年度 (issue 16): the cover history a resident payment's break is counted from. */
  @IsOptional()
  @IsArray({ message: 'coveredYears 应为参保年度列表，如 [2023, 2024]' })
  @ArrayMaxSize(120)
  @IsInt({ each: true, message: 'coveredYears 的每一项应为年度，如 2024' })
  @Min(1990, { each: true, message: 'coveredYears 的年度应在 1990–2100 之间' })
  @Max(2100, { each: true, message: 'coveredYears 的年度应在 1990–2100 之间' })
  coveredYears?: number[];
}

export class AdminCreditDto implements AdminCreditRow {
  @IsString()
  @IsIdNumber()
  idNumber: string;

  @IsFen(1, MAX_BALANCE_FEN)
  amountFen: number;

  @IsString()
  @Length(1, 100, { message: 'memo 长度应为 1–100' })
  memo: string;
}

/** Rules across rows: one row per ID number; a balance only where there is a 个账. */
export function checkPersonRows(rows: AdminPersonDto[]): FieldError[] {
  const seen = new Map<string, number>();
  const errors: FieldError[] = [];
  rows.forEach((r, i) => {
    const id = normalizeIdNumber(r.idNumber);
    const first = seen.get(id);
    if (first !== undefined)
      errors.push({ field: `[${i}].idNumber`, message: `与第 ${first} 行的身份证号重复` });
    else seen.set(id, i);
    if (r.balanceFen !== undefined && r.insuranceType !== 'EMPLOYEE') {
      errors.push({ field: `[${i}].balanceFen`, message: '只有职工医保参保人有个人账户余额' });
    }
  });
  return errors;
}
