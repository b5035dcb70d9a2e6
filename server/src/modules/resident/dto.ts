import { Type } from 'class-transformer';
import { IsInt, IsString, IsUUID, Matches, Max, Min } from 'class-validator';
import type { PayResidentPremiumRequest, ResidentTariffRequest } from '@puhui/shared';
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
}
