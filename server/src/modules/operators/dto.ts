import {
  ArrayMaxSize,
  ArrayUnique,
  IsArray,
  IsBoolean,
  IsIn,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  Matches,
} from 'class-validator';
import {
  COUNTER_DOCUMENTS,
  OPERATOR_ROLES,
  RELATIONSHIPS,
  type CounterBindingRequest,
  type CounterDocument,
  type PersonLookupRequest,
  type Relationship,
  type CreateOperatorRequest,
  type OperatorLoginRequest,
  type OperatorRole,
  type UpdateOperatorRequest,
} from '@puhui/shared';
import { IsIdNumber } from '../../lib/validation';
import { invalidFields } from '../../lib/errors';

const USERNAME = /^[a-z][a-z0-9._-]{2,31}$/;
const USERNAME_MESSAGE = 'username 应为 3–32 位小写字母、数字、. _ -，以字母开头';
/** A password an operator types: 10–128 characters, at least a letter and a digit. */
const PASSWORD = /^(?=.*[A-Za-z])(?=.*\d).{10,128}$/;
const PASSWORD_MESSAGE = 'password 至少 10 位，须包含字母和数字';
const ROLE_MESSAGE = `role 应为 ${OPERATOR_ROLES.join('/')}`;

export class OperatorLoginDto implements OperatorLoginRequest {
  @IsString({ message: '请输入用户名' })
  @Length(1, 64, { message: '请输入用户名' })
  username: string;

  @IsString({ message: '请输入密码' })
  @Length(1, 128, { message: '请输入密码' })
  password: string;
}

export class CreateOperatorDto implements CreateOperatorRequest {
  @IsString()
  @Matches(USERNAME, { message: USERNAME_MESSAGE })
  username: string;

  @IsString()
  @Length(1, 40, { message: 'displayName 应为 1–40 个字符' })
  displayName: string;

  @IsIn(OPERATOR_ROLES, { message: ROLE_MESSAGE })
  role: OperatorRole;

  @IsString()
  @Matches(PASSWORD, { message: PASSWORD_MESSAGE })
  password: string;
}

export class UpdateOperatorDto implements UpdateOperatorRequest {
  @IsOptional()
  @IsString()
  @Length(1, 40, { message: 'displayName 应为 1–40 个字符' })
  displayName?: string;

  @IsOptional()
  @IsIn(OPERATOR_ROLES, { message: ROLE_MESSAGE })
  role?: OperatorRole;

  @IsOptional()
  @IsBoolean({ message: 'disabled 应为 true 或 false' })
  disabled?: boolean;

  @IsOptional()
  @IsString()
  @Matches(PASSWORD, { message: PASSWORD_MESSAGE })
  password?: string;
}

export class OperatorParamsDto {
  @IsUUID('all', { message: 'id 应为操作员编号' })
  id: string;
}

// ---- the hotline's look-up and 窗口办理 ----

export class PersonLookupDto implements PersonLookupRequest {
  @IsString({ message: '请输入证件号码' })
  @IsIdNumber()
  idNumber: string;

  /** Required: it goes into the audit row (why this person's data was read). */
  @IsString({ message: '请填写查询原因（如来电工单号）' })
  @Matches(/\S{2}/, { message: 'reason 请填写查询原因（至少 2 个字）' })
  @Length(2, 200, { message: 'reason 应为 2–200 个字' })
  reason: string;
}

/** Documents that prove a relationship: at least one must have been seen, besides the ID cards. */
const RELATIONSHIP_PROOFS: readonly CounterDocument[] = [
  'HOUSEHOLD_REGISTER',
  'MARRIAGE_CERTIFICATE',
  'BIRTH_CERTIFICATE',
  'KINSHIP_CERTIFICATE',
];

export class CounterBindingDto implements CounterBindingRequest {
  @IsString({ message: '请输入授权人身份证号' })
  @IsIdNumber()
  authorizerIdNumber: string;

  @IsString({ message: '请输入亲属身份证号' })
  @IsIdNumber()
  relativeIdNumber: string;

  @IsIn(RELATIONSHIPS, { message: '请选择亲属关系' })
  relationship: Relationship;

  @IsArray({ message: 'documentsSeen 应为数组' })
  @ArrayUnique({ message: 'documentsSeen 不能重复' })
  @ArrayMaxSize(COUNTER_DOCUMENTS.length)
  @IsIn(COUNTER_DOCUMENTS, { each: true, message: `documentsSeen 只能包含 ${COUNTER_DOCUMENTS.join('/')}` })
  documentsSeen: CounterDocument[];

  @IsOptional()
  @IsString()
  @Length(1, 200, { message: 'reason 应为 1–200 个字' })
  reason?: string;
}
/**
 * The documents replace the birth-date plausibility, so they must prove something: both ID cards
 * (ID_CARD) and at least one document of the relationship. A 400 naming documentsSeen otherwise.
 */
export function checkCounterDocuments(body: CounterBindingRequest): void {
  const seen = body.documentsSeen;
  if (!seen.includes('ID_CARD')) {
    throw invalidFields([{ field: 'documentsSeen', message: '须包含 ID_CARD（已核验双方身份证原件）' }]);
  }
  if (!seen.some((d) => RELATIONSHIP_PROOFS.includes(d))) {
    throw invalidFields([
      { field: 'documentsSeen', message: `须包含至少一种关系证明：${RELATIONSHIP_PROOFS.join('/')}` },
    ]);
  }
}
