import { IsString, Length, Matches } from 'class-validator';
import type { LoginRequest, VerifyIdentityRequest } from '@puhui/shared';
import { IsIdNumber } from '../../lib/validation';

export class LoginDto implements LoginRequest {
  @IsString({ message: '登录凭证应为字符串' })
  @Length(1, 128, { message: '登录凭证长度应为 1–128' })
  code: string;
}

export class VerifyIdentityDto implements VerifyIdentityRequest {
  @IsString({ message: '请输入姓名' })
  @Matches(/^[\u3400-\u9fff\u00b7·A-Za-z ]{2,30}$/u, { message: '姓名应为 2–30 个汉字或字母' })
  name: string;

  @IsString({ message: '请输入身份证号' })
  @IsIdNumber()
  idNumber: string;
}
