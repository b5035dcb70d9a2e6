import { Type } from 'class-transformer';
import {
  IsDateString,
  IsInt,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  Matches,
  Max,
  Min,
} from 'class-validator';
import type {
  PayResidentPremiumRequest,
  ResidentTariffRequest,
  WalletResidentPremiumRequest,
} from '@puhui/shared';
import { invalidFields } from '../../lib/errors';
import { IsFen } from '../../lib/validation';

export class PayableQueryDto {
  @Type(() => Number)
  @IsInt({ message: 'year 应为年度，如 2025' })
  @Min(2000)
  @Max(2100)
  year: number;
}

export class PayResidentPremiumDto implements PayResidentPremiumRequest {
  @IsUUID('all', { message: 'bindingId 应为共济关系编号' })
  bindingId: string;

  @IsInt({ message: 'year 应为年度，如 2025' })
  @Min(2000)
  @Max(2100)
  year: number;

  @IsString()
  @Matches(/^\d{6}$/, { message: '支付密码应为 6 位数字' })
  password: string;
}

/** 缴居民医保 from my 医保钱包: the year only; the session's verified person is the payer and the insured. */
export class WalletResidentPremiumDto implements WalletResidentPremiumRequest {
  @IsInt({ message: 'year 应为年度，如 2025' })
  @Min(2000)
  @Max(2100)
  year: number;
}

export class TariffParamsDto {
  @IsString()
  @Matches(/^\d{6}$/, { message: 'regionCode 应为 6 位统筹区代码' })
  regionCode: string;

  @Type(() => Number)
  @IsInt()
  @Min(2000)
  @Max(2100)
  year: number;
}

export class TariffDto implements ResidentTariffRequest {
  @IsFen(1, 10_000_000)
  ELDERLY: number;

  @IsFen(1, 10_000_000)
  STUDENT: number;

  @IsFen(1, 10_000_000)
  WORKING_AGE: number;

  @IsOptional()
  @IsDateString({ strict: true }, { message: '日期格式应为 YYYY-MM-DD' })
  @Length(10, 10, { message: '日期格式应为 YYYY-MM-DD' })
  collectionStart?: string;

  @IsOptional()
  @IsDateString({ strict: true }, { message: '日期格式应为 YYYY-MM-DD' })
  @Length(10, 10, { message: '日期格式应为 YYYY-MM-DD' })
  collectionEnd?: string;
}

/** The collection period comes whole and in order, or not at all; checked after the fields themselves. */
export function checkCollectionPeriod(t: TariffDto): void {
  if ((t.collectionStart === undefined) !== (t.collectionEnd === undefined)) {
    const field = t.collectionStart === undefined ? 'collectionStart' : 'collectionEnd';
    throw invalidFields([{ field, message: '集中参保期需同时填写开始日和结束日' }]);
  }
  if (t.collectionStart && t.collectionEnd && t.collectionStart > t.collectionEnd)
    throw invalidFields([{ field: 'collectionEnd', message: '集中参保期结束日不能早于开始日' }]);
}
