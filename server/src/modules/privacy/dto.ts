import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsIn,
  IsString,
  Length,
  Matches,
  ValidateNested,
} from 'class-validator';
import {
  PRIVACY_DOCUMENT_KINDS,
  type GiveConsentRequest,
  type PrivacyDocumentKind,
  type PrivacySection,
  type PutPrivacyDocumentRequest,
} from '@puhui/shared';

const KIND_MESSAGE = `应为 ${PRIVACY_DOCUMENT_KINDS.join('、')} 之一`;
const VERSION = /^[0-9A-Za-z.-]{1,16}$/;

export class PrivacyKindParamsDto {
  @IsIn(PRIVACY_DOCUMENT_KINDS, { message: `kind ${KIND_MESSAGE}` })
  kind: PrivacyDocumentKind;
}

export class GiveConsentDto implements GiveConsentRequest {
  @IsIn(PRIVACY_DOCUMENT_KINDS, { message: KIND_MESSAGE })
  kind: PrivacyDocumentKind;

  @IsString({ message: '应为版本号' })
  @Matches(VERSION, { message: '版本号应为 1–16 位字母、数字、. 或 -' })
  version: string;
}

export class PrivacySectionDto implements PrivacySection {
  @IsString({ message: '应为文字' })
  @Length(1, 60, { message: '应为 1–60 个字' })
  title: string;

  @IsString({ message: '应为文字' })
  @Length(1, 3_000, { message: '应为 1–3000 个字' })
  body: string;
}

/** A new version of a text as the operator publishes it; bounded to stay inside the 64 KiB body limit. */
export class PutPrivacyDocumentDto implements PutPrivacyDocumentRequest {
  @IsString({ message: '应为版本号' })
  @Matches(VERSION, { message: '版本号应为 1–16 位字母、数字、. 或 -' })
  version: string;

  @IsString({ message: '应为文字' })
  @Length(1, 60, { message: '应为 1–60 个字' })
  title: string;

  @IsArray({ message: '应为列表' })
  @ArrayMinSize(1, { message: '至少 1 节' })
  @ArrayMaxSize(15, { message: '最多 15 节' })
  @ValidateNested({ each: true, message: '每一项应为对象' })
  @Type(() => PrivacySectionDto)
  sections: PrivacySectionDto[];
}

/** `X-Payment-Password` of the full export: six digits, or absent for the masked one. */
export function paymentPasswordHeader(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}
