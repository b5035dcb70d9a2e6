import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Length, Matches, Max, Min } from 'class-validator';
import type { AuditQuery } from '@puhui/shared';
import type { AuditFilter } from './audit.service';

/** A date (`YYYY-MM-DD`, the start of that Beijing day) or an ISO instant with offset. */
const WHEN = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?(Z|[+-]\d{2}:\d{2}))?$/;
const WHEN_MESSAGE = '应为日期 YYYY-MM-DD 或带时区的时间';

/** The filters (the CSV export takes only these). */
export class AuditFilterDto implements AuditQuery {
  @IsOptional()
  @IsString()
  @Matches(/^(bootstrap|[0-9a-f-]{36})$/, { message: 'operator 应为操作员编号或 bootstrap' })
  operator?: string;

  @IsOptional()
  @IsString()
  @Matches(/^[a-z][a-z0-9.-]{1,47}$/, { message: 'action 应为操作类型，如 product.put' })
  action?: string;

  @IsOptional()
  @IsString()
  @Length(1, 128)
  target?: string;

  @IsOptional()
  @IsString()
  @Matches(WHEN, { message: `from ${WHEN_MESSAGE}` })
  from?: string;

  @IsOptional()
  @IsString()
  @Matches(WHEN, { message: `to ${WHEN_MESSAGE}` })
  to?: string;
}

/** Filters and paging of `GET /admin/audit`. */
export class AuditQueryDto extends AuditFilterDto {
  @IsOptional()
  @IsString()
  @Length(1, 64)
  cursor?: string;

  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: 'limit 应为整数' })
  @Min(1, { message: 'limit 最小为 1' })
  @Max(200, { message: 'limit 最大为 200' })
  limit?: number;
}

/** A query's filters as instants: a bare date is that day's 00:00 in Beijing. */
export function auditFilter(q: AuditFilterDto): AuditFilter {
  const instant = (s?: string) => (s ? new Date(s.length === 10 ? `${s}T00:00:00+08:00` : s) : undefined);
  return {
    operator: q.operator,
    action: q.action,
    target: q.target,
    from: instant(q.from),
    to: instant(q.to),
  };
}
