import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsDateString,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  Matches,
  Max,
  Min,
  ValidateNested,
  Equals,
  IsObject,
} from 'class-validator';
import {
  PAYMENT_METHODS,
  type CreateOrderRequest,
  type InsuredRef,
  type PaymentMethod,
  type PayOrderRequest,
  type ProductRequest,
  type QuoteRequest,
} from '@puhui/shared';
import { invalidFields } from '../../lib/errors';
import { IsFen, IsIdNumber } from '../../lib/validation';
import { EditionContentDto } from './edition-content.dto';

export const MAX_INSURED_PER_ORDER = 10;

/** One of `{self:true}`, `{bindingId}`, `{name, idNumber}` (checked by `insuredRefs`). */
export class InsuredRefDto {
  @IsOptional()
  @Equals(true, { message: 'self 只能为 true' })
  self?: true;

  @IsOptional()
  @IsUUID('all', { message: 'bindingId 应为共济关系编号' })
  bindingId?: string;

  @IsOptional()
  @IsString()
  @Matches(/^[\u3400-\u9fff\u00b7·A-Za-z ]{2,30}$/u, { message: '姓名应为 2–30 个汉字或字母' })
  name?: string;

  @IsOptional()
  @IsString()
  @IsIdNumber()
  idNumber?: string;
}

export class QuoteDto implements QuoteRequest {
  @IsString()
  @Length(1, 32)
  productCode: string;

  @IsArray()
  @ArrayMinSize(1, { message: '请至少选择一位被保险人' })
  @ArrayMaxSize(MAX_INSURED_PER_ORDER, { message: `一个订单最多 ${MAX_INSURED_PER_ORDER} 位被保险人` })
  @ValidateNested({ each: true })
  @Type(() => InsuredRefDto)
  insured: InsuredRef[];
}

export class CreateOrderDto extends QuoteDto implements CreateOrderRequest {
  @IsIn(PAYMENT_METHODS, { message: '请选择支付方式：医保个账或微信支付' })
  paymentMethod: PaymentMethod;

  @IsOptional()
  @IsArray()
  @ArrayMaxSize(MAX_INSURED_PER_ORDER)
  @ArrayUnique()
  @IsUUID('all', { each: true, message: 'autoRenew 应为被保险人编号' })
  autoRenew: string[] = [];
}

/** Checks that each reference has exactly one shape. */
export function checkInsuredRefs(refs: InsuredRef[]): void {
  const fields = refs.flatMap((r, i) => {
    const ref = r as InsuredRefDto;
    const shapes = [
      ref.self === true,
      ref.bindingId !== undefined,
      ref.name !== undefined || ref.idNumber !== undefined,
    ];
    const named = ref.name === undefined || ref.idNumber === undefined;
    if (shapes.filter(Boolean).length !== 1 || (shapes[2] && named)) {
      return [{ field: `insured[${i}]`, message: '应为 {self:true}、{bindingId} 或 {name, idNumber} 之一' }];
    }
    return [];
  });
  if (fields.length > 0) throw invalidFields(fields);
}

export class PayOrderDto implements PayOrderRequest {
  @IsOptional()
  @IsString()
  @Matches(/^\d{6}$/, { message: '支付密码应为 6 位数字' })
  password?: string;
}

export class OrderParamsDto {
  @IsUUID('all', { message: 'id 应为订单编号' })
  id: string;
}

export class ProductParamsDto {
  @IsString()
  @Matches(/^[A-Z0-9_-]{2,32}$/, { message: 'code 应为 2–32 位大写字母、数字、- 或 _' })
  code: string;
}

export class ProductDto implements ProductRequest {
  @IsString()
  @Length(2, 60)
  name: string;

  @IsInt()
  @Min(2000)
  @Max(2100)
  year: number;

  @IsFen(1, 100_000_000)
  premiumFen: number;

  @IsFen(1, 100_000_000_000)
  sumInsuredFen: number;

  @IsDateString({ strict: true }, { message: '日期格式应为 YYYY-MM-DD' })
  @Length(10, 10, { message: '日期格式应为 YYYY-MM-DD' })
  enrollmentStart: string;

  @IsDateString({ strict: true }, { message: '日期格式应为 YYYY-MM-DD' })
  @Length(10, 10, { message: '日期格式应为 YYYY-MM-DD' })
  enrollmentEnd: string;

  @IsDateString({ strict: true }, { message: '日期格式应为 YYYY-MM-DD' })
  @Length(10, 10, { message: '日期格式应为 YYYY-MM-DD' })
  coverageStart: string;

  @IsDateString({ strict: true }, { message: '日期格式应为 YYYY-MM-DD' })
  @Length(10, 10, { message: '日期格式应为 YYYY-MM-DD' })
  coverageEnd: string;

  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(20)
  @IsString({ each: true })
  @Length(1, 40, { each: true })
  insurers: string[];

  /** Left out: the edition keeps its texts; null: they are withdrawn. */
  @IsOptional()
  @IsObject({ message: 'content 应为对象（撤下全部文字时填 null）' })
  @ValidateNested({ message: 'content 应为对象' })
  @Type(() => EditionContentDto)
  content?: EditionContentDto | null;
}

/** Windows must be in order; checked after the fields themselves. */
export function checkProductDates(p: ProductDto): void {
  const fields = [];
  if (p.enrollmentStart > p.enrollmentEnd)
    fields.push({ field: 'enrollmentEnd', message: '投保截止日不能早于开始日' });
  if (p.coverageStart > p.coverageEnd)
    fields.push({ field: 'coverageEnd', message: '保障结束日不能早于开始日' });
  if (fields.length > 0) throw invalidFields(fields);
}

export class ProductsQueryDto {
  @IsOptional()
  @IsIn(['true', 'false'])
  open?: 'true' | 'false';
}

/** 电子保单 of one policy. */
export class PolicyDocumentParamsDto {
  @IsString()
  @Matches(/^PH\d{14}$/, { message: 'policyNo 应为保单号，如 PH20270000000001' })
  policyNo: string;
}
