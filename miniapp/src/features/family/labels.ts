import { RELATIONSHIPS, type Relationship } from '@puhui/shared';

/**
 * The relationships 添加亲属 offers until the region's own list has loaded (or when it cannot): all six
 * 近亲属, in the order a person looks for them — 配偶, 父母, 子女, then 兄弟姐妹, 祖父母/外祖父母,
 * 孙子女/外孙子女 (product.md §4). The server checks the region's setting either way.
 */
export const ALL_RELATIONSHIPS: readonly Relationship[] = RELATIONSHIPS;

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
