import { formatFen, type ProductView } from '@puhui/shared';
import { formatDate, formatFenAsWan } from '../../lib/format';

/** 投保须知 of an edition: the facts of product.md §5 the applicant agrees to before paying. */
export function enrolmentTerms(product: ProductView): string[] {
  return [
    `北京普惠健康保是政府指导、商业保险公司共同承保的城市定制型补充医疗保险。${product.year}年度保障期限为${formatDate(product.coverageStart)}至${formatDate(product.coverageEnd)}，累计保额${formatFenAsWan(product.sumInsuredFen)}。`,
    '本市基本医保在保人员、特定人群、中央公费医疗参保人，以及持北京户籍或居住证且已参加异地基本医保的新市民均可投保，不限年龄，无需健康告知。',
    `保费每人每年${formatFen(product.premiumFen)}，老少同价；同一被保险人每个年度只能投保一份。`,
    '选择医保个账缴费的，保费从投保人本人的职工医保个人账户扣除；为配偶、父母、子女等近亲属缴费需已办理家庭共济，且被保险人参加北京基本医保。',
    `本产品由${product.insurers.join('、')}共同承保，保险责任和责任免除以保险条款为准。`,
  ];
}
