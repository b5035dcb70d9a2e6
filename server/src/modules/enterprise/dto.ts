import { IsIn, IsInt, IsOptional, IsString, IsUUID, Length, Matches, Max, Min } from 'class-validator';
import { ENTERPRISE_STATUSES, type EnterpriseRequest, type EnterpriseStatus } from '@puhui/shared';
import { IsCreditCode } from '../../lib/validation';

export class EnterpriseDto implements EnterpriseRequest {
  @IsString({ message: '请填写企业名称' })
  @Length(2, 100, { message: '企业名称应为 2–100 个字' })
  companyName: string;

  @IsString({ message: '请填写统一社会信用代码' })
  @IsCreditCode()
  creditCode: string;

  @IsString({ message: '请填写联系人' })
  @Matches(/^[\u3400-\u9fff\u00b7·A-Za-z ]{2,30}$/u, { message: '联系人应为 2–30 个汉字或字母' })
  contactName: string;

  @IsString({ message: '请填写手机号' })
  @Matches(/^1[3-9]\d{9}$/, { message: '请输入 11 位手机号' })
  contactPhone: string;

  @IsInt({ message: '员工人数应为整数' })
  @Min(1, { message: '员工人数至少为 1' })
  @Max(1_000_000)
  employeeCount: number;

  @IsOptional()
  @IsString()
  @Length(0, 500, { message: '备注最多 500 字' })
  remarks?: string;
}

export class EnterpriseParamsDto {
  @IsUUID('all', { message: 'id 应为登记编号' })
  id: string;
}

export class EnterpriseStatusDto {
  @IsIn(ENTERPRISE_STATUSES, { message: `status 应为 ${ENTERPRISE_STATUSES.join('、')} 之一` })
  status: EnterpriseStatus;
}

export class EnterpriseNoteDto {
  @IsString({ message: 'body 应为备注文字' })
  @Matches(/\S/, { message: 'body 不能为空，请填写跟进情况' })
  @Length(1, 1000, { message: 'body 最多 1000 字' })
  body: string;
}
