import { IsOptional, IsString, IsUUID, Length } from 'class-validator';
import type { RegistryImportUploadQuery } from '@puhui/shared';

export class RegistryImportParamsDto {
  @IsUUID('all', { message: 'id 应为导入任务编号' })
  id: string;
}

export class RegistryImportUploadQueryDto implements RegistryImportUploadQuery {
  @IsOptional()
  @IsString()
  @Length(1, 200, { message: 'filename 长度应为 1–200' })
  filename?: string;
}
