import { IsString, IsUUID, Length, Matches } from 'class-validator';
import type { SettlementRequest } from '@puhui/shared';
import { IsFen, IsIdNumber } from '../../lib/validation';

export class SettlementDto implements SettlementRequest {
  @IsString()
  @Matches(/^[A-Z0-9_-]{2,32}$/, { message: 'institutionCode 应为 2–32 位大写字母、数字、- 或 _' })
  institutionCode: string;

  @IsString()
  @IsIdNumber()
  patientIdNumber: string;

  @IsString()
  @Matches(/^[\u3400-\u9fff\u00b7·A-Za-z ]{2,30}$/u, { message: '姓名应为 2–30 个汉字或字母' })
  patientName: string;

  /** Up to 1 million yuan in one settlement. */
  @IsFen(1, 100_000_000)
  amountFen: number;
}

export class SettlementParamsDto {
  @IsUUID('all', { message: 'id 应为结算编号' })
  id: string;
}

export class InstitutionParamsDto {
  @IsString()
  @Matches(/^[A-Z0-9_-]{2,32}$/, { message: 'code 应为 2–32 位大写字母、数字、- 或 _' })
  code: string;
}

export class InstitutionDto {
  @IsString()
  @Length(2, 80)
  name: string;
}
