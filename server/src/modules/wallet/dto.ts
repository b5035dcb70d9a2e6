import { IsIn, IsInt, IsISO8601, IsOptional, IsString, IsUUID, Matches, Max, Min } from 'class-validator';
import {
  RELATIONSHIPS,
  type Relationship,
  type WalletExpireRequest,
  type WalletTransferRequest,
} from '@puhui/shared';
import { IsIdNumber } from '../../lib/validation';

export class WalletTransferDto implements WalletTransferRequest {
  @IsString({ message: '请输入收款亲属姓名' })
  @Matches(/^[\u3400-\u9fff\u00b7·A-Za-z ]{2,30}$/u, { message: '姓名应为 2–30 个汉字或字母' })
  name: string;

  @IsString({ message: '请输入收款亲属身份证号' })
  @IsIdNumber()
  idNumber: string;

  @IsIn(RELATIONSHIPS, { message: '请选择与收款人的亲属关系' })
  relationship: Relationship;

  // Above 2,000 元 is a business refusal (WALLET_AMOUNT_LIMIT, 422); this bounds only the shape.
  @IsInt({ message: 'amountFen 应为以分为单位的整数' })
  @Min(1, { message: '转账金额至少 0.01 元' })
  @Max(1_000_000_000, { message: 'amountFen 过大' })
  amountFen: number;

  @IsString()
  @Matches(/^\d{6}$/, { message: '支付密码应为 6 位数字' })
  password: string;
}

export class WalletExpireDto implements WalletExpireRequest {
  @IsOptional()
  @IsISO8601({ strict: true }, { message: 'asOf 应为带时区的 ISO-8601 时间' })
  asOf?: string;
}

export class TransferParamsDto {
  @IsUUID('all', { message: 'id 应为转账编号' })
  id: string;
}
