import { LABELS, type Gender, type Relationship } from '@puhui/shared';

/** How the applicant calls a bound relative: 配偶, 父亲 / 母亲, 儿子 / 女儿, … */
export function relationshipLabel(relationship: Relationship, gender: Gender): string {
  const male = gender === 'MALE';
  switch (relationship) {
    case 'PARENT':
      return male ? '父亲' : '母亲';
    case 'CHILD':
      return male ? '儿子' : '女儿';
    default:
      return LABELS.relationship[relationship];
  }
}
