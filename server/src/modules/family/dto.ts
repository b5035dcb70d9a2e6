import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  Max,
  Min,
} from 'class-validator';
import {
  RELATIONSHIPS,
  type BindRelativeRequest,
  type RegionSettingsRequest,
  type Relationship,
  type ReorderAuthorizersRequest,
} from '@puhui/shared';
import { IsIdNumber } from '../../lib/validation';

export class BindRelativeDto implements BindRelativeRequest {
  @IsString({ message: '请输入亲属姓名' })
  @Matches(/^[\u3400-\u9fff\u00b7·A-Za-z ]{2,30}$/u, { message: '姓名应为 2–30 个汉字或字母' })
  name: string;

  @IsString({ message: '请输入亲属身份证号' })
  @IsIdNumber()
  idNumber: string;

  @IsIn(RELATIONSHIPS, { message: '请选择亲属关系' })
  relationship: Relationship;
}

export class ReorderAuthorizersDto implements ReorderAuthorizersRequest {
  @IsArray({ message: 'bindingIds 应为数组' })
  @ArrayMinSize(1, { message: '至少包含一个共济账户' })
  @ArrayMaxSize(50)
  @ArrayUnique({ message: 'bindingIds 不能重复' })
  @IsUUID('all', { each: true, message: 'bindingIds 应为共济关系编号' })
  bindingIds: string[];
}

export class RegionSettingsDto implements RegionSettingsRequest {
  @IsArray()
  @ArrayMinSize(1)
  @ArrayUnique()
  @IsIn(RELATIONSHIPS, { each: true, message: `allowedRelationships 只能包含 ${RELATIONSHIPS.join('/')}` })
  allowedRelationships: Relationship[];

  @IsInt({ message: 'maxRelatives 应为整数' })
  @Min(1)
  @Max(50)
  maxRelatives: number;

  @IsBoolean()
  crossRegionSharing: boolean;

  @IsOptional()
  @IsBoolean({ message: 'walletEnabled 应为 true 或 false' })
  walletEnabled?: boolean;
}

export class RegionParamsDto {
  @IsString()
  @Matches(/^\d{6}$/, { message: 'regionCode 应为 6 位统筹区代码' })
  regionCode: string;
}

export class BindingParamsDto {
  @IsUUID('all', { message: 'bindingId 应为共济关系编号' })
  bindingId: string;
}
