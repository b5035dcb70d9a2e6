import { ArrayMaxSize, IsArray, IsString, Matches } from 'class-validator';
import type { MobileCodeRequest, SubscribeRequest, VerifyMobileRequest } from '@puhui/shared';

export class NotificationParamsDto {
  @IsString()
  @Matches(/^\d{1,18}$/, { message: 'id 应为消息编号' })
  id: string;
}

// notify: notices that leave the app
export class SubscribeDto implements SubscribeRequest {
  @IsArray({ message: 'templates 应为订阅成功的模板编号列表' })
  @ArrayMaxSize(5, { message: 'templates 最多 5 个' })
  @IsString({ each: true, message: 'templates 应为模板编号' })
  @Matches(/^[\w-]{1,64}$/, { each: true, message: 'templates 应为模板编号' })
  templates: string[];

  @IsString({ message: 'code 应为微信登录凭证' })
  @Matches(/^[\w:.@-]{1,64}$/, { message: 'code 应为微信登录凭证' })
  code: string;
}

// 短信提醒: proving a mobile number
const MOBILE = /^1[3-9]\d{9}$/;

export class MobileCodeDto implements MobileCodeRequest {
  @IsString({ message: 'mobile 应为 11 位手机号' })
  @Matches(MOBILE, { message: 'mobile 应为 11 位手机号，如 13800000000' })
  mobile: string;
}

export class VerifyMobileDto implements VerifyMobileRequest {
  @IsString({ message: 'mobile 应为 11 位手机号' })
  @Matches(MOBILE, { message: 'mobile 应为 11 位手机号，如 13800000000' })
  mobile: string;

  @IsString({ message: 'code 应为短信中的 6 位验证码' })
  @Matches(/^\d{6}$/, { message: 'code 应为短信中的 6 位验证码' })
  code: string;
}
