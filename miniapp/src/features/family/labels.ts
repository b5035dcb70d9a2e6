import type { Relationship } from '@puhui/shared';

/**
 * The relationships offered in 添加亲属: Beijing's list (product.md §4). The server checks the region's
 * own setting and refuses others with RELATIONSHIP_NOT_ALLOWED.
 */
export const OFFERED_RELATIONSHIPS = ['SPOUSE', 'PARENT', 'CHILD'] as const satisfies readonly Relationship[];

/** Why an ended binding stopped (`BindingView.endReason`), in the words of the list. */
const END_REASONS: Record<string, string> = {
  REVOKED_BY_AUTHORIZER: '已由本人解除绑定',
  RELATIVE_NOT_INSURED: '亲属已不在基本医保在保状态，共济自动终止',
  RELATIVE_OTHER_REGION: '亲属已不在同一医保统筹区，共济自动终止',
  AUTHORIZER_NOT_EMPLOYEE: '本人已不在北京职工医保在保状态，共济自动终止',
};

export function endReasonText(reason: string | null): string {
  return (reason && END_REASONS[reason]) || '共济关系已结束';
}

/**
 * A binding's relationship says what the relative is to the authoriser; the relative's own page shows
 * what the authoriser is to them (in a PARENT binding the relative sees the payer as their 子女).
 */
const INVERSE: Record<Relationship, Relationship> = {
  SPOUSE: 'SPOUSE',
  PARENT: 'CHILD',
  CHILD: 'PARENT',
  SIBLING: 'SIBLING',
  GRANDPARENT: 'GRANDCHILD',
  GRANDCHILD: 'GRANDPARENT',
};

export function authorizerRelationship(bindingRelationship: Relationship): Relationship {
  return INVERSE[bindingRelationship];
}
