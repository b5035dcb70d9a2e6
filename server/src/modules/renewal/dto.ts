import { IsBoolean, IsDateString, IsOptional, IsString, IsUUID, Length, Matches } from 'class-validator';
import type { AutoRenewRequest } from '@puhui/shared';

export class AutoRenewDto implements AutoRenewRequest {
  @IsBoolean({ message: 'enabled 应为 true 或 false' })
  enabled: boolean;

  @IsOptional()
  @IsString()
  @Matches(/^\d{6}$/, { message: '支付密码应为 6 位数字' })
  password?: string;
}

export class PolicyParamsDto {
  @IsString()
  @Matches(/^PH\d{14}$/, { message: 'policyNo 应为保单号，如 PH20270000000001' })
  policyNo: string;
}

export class RenewalRunDto {
  @IsString()
  @Matches(/^[A-Z0-9_-]{2,32}$/, { message: 'fromProductCode 应为产品编码' })
  fromProductCode: string;

  @IsString()
  @Matches(/^[A-Z0-9_-]{2,32}$/, { message: 'toProductCode 应为产品编码' })
  toProductCode: string;

  @IsOptional()
  @IsDateString({ strict: true }, { message: 'asOf 格式应为 YYYY-MM-DD' })
  @Length(10, 10, { message: 'asOf 格式应为 YYYY-MM-DD' })
  asOf?: string;

  @IsOptional()
  @IsBoolean()
  dryRun?: boolean;
}

export class RenewalRunParamsDto {
  @IsUUID('all', { message: 'id 应为执行记录编号' })
  id: string;
}
