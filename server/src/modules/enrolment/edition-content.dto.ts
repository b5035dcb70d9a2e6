import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsDefined,
  IsIn,
  IsInt,
  IsObject,
  IsOptional,
  IsString,
  Length,
  Matches,
  Max,
  Min,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import {
  CLAIM_CHANNEL_KINDS,
  type ClaimChannel,
  type ClaimChannelKind,
  type ClaimGuide,
  type ContentSection,
  type CoverItem,
  type EditionContent,
  type EditionCover,
  type FaqItem,
  type FieldError,
  type ServiceContact,
} from '@puhui/shared';
import { invalidFields } from '../../lib/errors';
import { IsFen } from '../../lib/validation';

/**
 * The edition's texts as the operator sends them (`content` of PUT /admin/products/:code). Every string
 * is bounded and every list capped, so a document stays well inside the 64 KiB body limit; unknown
 * fields are refused at every level like everywhere else.
 */

type FieldDecorator = (target: object, key: string) => void;

const TITLE = 60;
const LINE = 300;
const BODY = 3_000;

/** A required string of `min`–`max` characters, with the message the 400 shows. */
function Text(max: number, min = 1): FieldDecorator {
  return (target, key) => {
    IsString({ message: '应为文字' })(target, key);
    Length(min, max, { message: `应为 ${min}–${max} 个字` })(target, key);
  };
}

/** A list of `cls` objects, at most `max`. */
function ListOf(cls: () => new () => object, max: number): FieldDecorator {
  return (target, key) => {
    IsArray({ message: '应为列表' })(target, key);
    ArrayMaxSize(max, { message: `最多 ${max} 项` })(target, key);
    ValidateNested({ each: true, message: '每一项应为对象' })(target, key);
    Type(cls)(target, key);
  };
}

/** A nested object of `cls`, required unless `nullable` (then null means "not yet published"). */
function Nested(cls: () => new () => object, nullable = false): FieldDecorator {
  return (target, key) => {
    if (nullable) ValidateIf((_o, value) => value !== null)(target, key);
    IsDefined({ message: nullable ? '必填（尚未发布时填 null）' : '必填' })(target, key);
    IsObject({ message: '应为对象' })(target, key);
    ValidateNested({ message: '应为对象' })(target, key);
    Type(cls)(target, key);
  };
}

/** A percentage 0–100 in whole numbers. */
function Percent(): FieldDecorator {
  return (target, key) => {
    IsInt({ message: '应为 0–100 的整数（百分比）' })(target, key);
    Min(0, { message: '应为 0–100 的整数（百分比）' })(target, key);
    Max(100, { message: '应为 0–100 的整数（百分比）' })(target, key);
  };
}

export class ContentSectionDto implements ContentSection {
  @Text(TITLE)
  title: string;

  @Text(BODY)
  body: string;
}

export class CoverItemDto implements CoverItem {
  @Text(TITLE)
  title: string;

  @Text(BODY)
  scope: string;

  @IsFen(1, 100_000_000_000)
  limitFen: number;

  @IsFen(0, 100_000_000_000)
  deductibleFen: number;

  @Percent()
  ratePercent: number;

  @ValidateIf((_o, value) => value !== null)
  @IsDefined({ message: '必填（既往症不赔付时填 null）' })
  @Percent()
  preExistingRatePercent: number | null;

  @ValidateIf((_o, value) => value !== null)
  @IsDefined({ message: '必填（非特药责任填 null）' })
  @IsInt({ message: '应为 1–10000 的整数' })
  @Min(1, { message: '应为 1–10000 的整数' })
  @Max(10_000, { message: '应为 1–10000 的整数' })
  drugCount: number | null;

  @IsOptional()
  @Text(LINE)
  note?: string;
}

export class PreExistingDto {
  @IsArray({ message: '应为列表' })
  @ArrayMaxSize(20, { message: '最多 20 项' })
  @IsString({ each: true, message: '每一项应为文字' })
  @Length(1, TITLE, { each: true, message: `每一项应为 1–${TITLE} 个字` })
  conditions: string[];

  @Text(BODY)
  rule: string;
}

export class EditionCoverDto implements EditionCover {
  @Text(BODY)
  summary: string;

  @ListOf(() => CoverItemDto, 10)
  items: CoverItemDto[];

  @Nested(() => PreExistingDto)
  preExisting: PreExistingDto;

  @IsOptional()
  @Text(BODY)
  continuity?: string;

  @IsOptional()
  @Text(LINE)
  figuresNote?: string;
}

export class ClaimChannelDto implements ClaimChannel {
  @IsIn(CLAIM_CHANNEL_KINDS, { message: `应为 ${CLAIM_CHANNEL_KINDS.join('、')} 之一` })
  kind: ClaimChannelKind;

  @Text(TITLE)
  name: string;

  @Text(LINE)
  value: string;

  @IsOptional()
  @Text(LINE)
  note?: string;
}

export class ClaimGuideDto implements ClaimGuide {
  @IsArray({ message: '应为列表' })
  @ArrayMaxSize(20, { message: '最多 20 项' })
  @IsString({ each: true, message: '每一项应为文字' })
  @Length(1, LINE, { each: true, message: `每一项应为 1–${LINE} 个字` })
  steps: string[];

  @IsArray({ message: '应为列表' })
  @ArrayMaxSize(30, { message: '最多 30 项' })
  @IsString({ each: true, message: '每一项应为文字' })
  @Length(1, LINE, { each: true, message: `每一项应为 1–${LINE} 个字` })
  materials: string[];

  @ListOf(() => ClaimChannelDto, 20)
  channels: ClaimChannelDto[];

  @IsOptional()
  @Text(LINE)
  note?: string;
}

export class FaqItemDto implements FaqItem {
  @Text(LINE)
  question: string;

  @Text(BODY)
  answer: string;
}

export class ServiceContactDto implements ServiceContact {
  @Text(TITLE)
  name: string;

  @IsOptional()
  @IsString({ message: '应为文字' })
  @Matches(/^[0-9-]{3,20}$/, { message: '应为电话号码（数字和 -，3–20 位）' })
  phone?: string;

  @IsOptional()
  @Text(TITLE)
  hours?: string;

  @IsOptional()
  @Text(LINE)
  note?: string;
}

export class EditionContentDto implements EditionContent {
  @Nested(() => EditionCoverDto, true)
  cover: EditionCoverDto | null;

  @ListOf(() => ContentSectionDto, 30)
  notice: ContentSectionDto[];

  @ListOf(() => ContentSectionDto, 60)
  terms: ContentSectionDto[];

  @ListOf(() => ContentSectionDto, 30)
  exclusions: ContentSectionDto[];

  @Nested(() => ClaimGuideDto, true)
  claims: ClaimGuideDto | null;

  @ListOf(() => FaqItemDto, 40)
  faq: FaqItemDto[];

  @ListOf(() => ServiceContactDto, 10)
  service: ServiceContactDto[];
}

/**
 * What the fields cannot say alone: no item pays more than the sum insured, the items together not
 * more than it either, a deductible below its limit, and a 既往症 rate not above the ordinary one.
 */
export function checkEditionContent(content: EditionContent | null | undefined, sumInsuredFen: number): void {
  const items = content?.cover?.items ?? [];
  const fields: FieldError[] = [];
  items.forEach((item, i) => {
    const at = `content.cover.items.${i}`;
    if (item.limitFen > sumInsuredFen)
      fields.push({ field: `${at}.limitFen`, message: '分项保额不能超过累计保额 sumInsuredFen' });
    if (item.deductibleFen >= item.limitFen)
      fields.push({ field: `${at}.deductibleFen`, message: '免赔额应低于该项保额' });
    if (item.preExistingRatePercent !== null && item.preExistingRatePercent > item.ratePercent)
      fields.push({ field: `${at}.preExistingRatePercent`, message: '既往症赔付比例不应高于一般赔付比例' });
  });
  const total = items.reduce((sum, item) => sum + item.limitFen, 0);
  if (fields.length === 0 && total > sumInsuredFen)
    fields.push({ field: 'content.cover.items', message: '各项保额合计不能超过累计保额 sumInsuredFen' });
  if (fields.length > 0) throw invalidFields(fields);
}
