import { IsString, Matches } from 'class-validator';

export class NotificationParamsDto {
  @IsString()
  @Matches(/^\d{1,18}$/, { message: 'id 应为消息编号' })
  id: string;
}
