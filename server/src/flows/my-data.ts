import {
  LABELS,
  type DataExportResponse,
  type HeldDataItem,
  type LedgerEntryView,
  type MyDataResponse,
} from '@puhui/shared';
import type { AuthService } from '../modules/auth/auth.service';
import type { EnrolmentService } from '../modules/enrolment/enrolment.service';
import type { FamilyService } from '../modules/family/family.service';
import type { NotificationService } from '../modules/notification/notification.service';
import type { PrivacyService } from '../modules/privacy/privacy.service';
import type { MedicalInsuranceCore } from '../modules/registry/registry.service';
import type { ResidentPremiumService } from '../modules/resident/resident.service';

interface MyDataServices {
  auth: AuthService;
  core: MedicalInsuranceCore;
  family: FamilyService;
  enrolment: EnrolmentService;
  resident: ResidentPremiumService;
  notifications: NotificationService;
  privacy: PrivacyService;
}

type Caller = { id: string; personId: string | null };

/** Who processes a relative's data for 共济 (shown to the relative, 我的信息). */
const SHARING_PROCESSORS = (authorizer: string) => [
  `${authorizer}（授权人：其医保个人账户可为您缴费、支付就医费用，可查看为您支付的共济消费记录）`,
  '医保经办机构（医保核心系统：核验身份、记录绑定和共济支付）',
  '本小程序运营方（展示绑定、发送消息）',
];

/** 我的信息: what is held about me, masked as shown anywhere, each with its purpose and retention. */
export async function myData(s: MyDataServices, user: Caller): Promise<MyDataResponse> {
  const items: HeldDataItem[] = [
    {
      category: '微信账号标识',
      shown: '仅保存加密摘要，不保存 openid 原文',
      purpose: '识别同一微信账号的登录',
      retention: '注销账号时删除',
    },
  ];
  const consents = await s.privacy.consents(user.id);
  items.push({
    category: '同意记录',
    shown: `${consents.records.length} 条`,
    purpose: '证明您对隐私保护指引和单独同意书的同意与撤回',
    retention: '注销后保存五年',
  });
  if (!user.personId) return { items, asRelative: [], canExportFull: false };
  const personId = user.personId;
  const [found, account, relatives, authorizers, policies, payments, notices] = await Promise.all([
    s.core.getPersonWithAccount(personId),
    s.core.getAccount(personId),
    s.family.listRelatives(personId),
    s.family.listAuthorizers(personId),
    s.enrolment.listPolicies(personId),
    s.resident.list(personId),
    s.notifications.list(personId),
  ]);
  const person = found ? s.core.personView(found.person, found.hasAccount) : null;
  if (person) {
    items.push({
      category: '实名信息',
      shown: `${person.name} ${person.idNumberMasked}`,
      purpose: '核验参保身份、判断投保资格',
      retention: '身份证号加密保存；注销账号时解除关联，参保登记由医保经办机构保存',
    });
    items.push({
      category: '参保信息',
      shown: `${LABELS.insuranceType[person.insuranceType]} · 统筹区 ${person.regionCode} · ${LABELS.personStatus[person.status]}`,
      purpose: '判断投保资格和可用的缴费方式',
      retention: '由医保经办机构按医保规定保存',
    });
  }
  if (account) {
    items.push({
      category: '医保个人账户',
      shown: '余额在 个账余额 页点击显示后查看',
      purpose: '医保个账缴费、家庭共济支付',
      retention: '账户流水由医保经办机构保存，会计凭证三十年',
    });
  }
  items.push(
    {
      category: '共济亲属（我授权的）',
      shown: `${relatives.filter((b) => b.status === 'ACTIVE').length} 位在绑定中，共 ${relatives.length} 条记录`,
      purpose: '家庭共济：用我的个账为亲属缴费、支付',
      retention: '由医保经办机构按医保规定保存',
    },
    {
      category: '保单',
      shown: `${policies.length} 份`,
      purpose: '承保、理赔、退保、次年自动投保缴费',
      retention: '保险合同终止后至少五年',
    },
    {
      category: '居民医保代缴记录',
      shown: `${payments.length} 笔`,
      purpose: '为家人缴纳城乡居民医保',
      retention: '会计凭证三十年',
    },
    {
      category: '消息',
      shown: `${notices.length} 条`,
      purpose: '通知续保扣费、绑定变化、退款结果',
      retention: '已读三年后删除；注销账号时删除',
    },
  );
  return {
    items,
    canExportFull: account !== null,
    asRelative: authorizers.map((a) => ({
      bindingId: a.bindingId,
      relationship: a.relationship,
      authorizer: a.authorizer.person,
      processors: SHARING_PROCESSORS(`${a.authorizer.person.name}（${a.authorizer.person.idNumberMasked}）`),
    })),
  };
}

/** Pages of entries read for an export at most (200 each): a lifetime of monthly credits fits many times. */
const EXPORT_ENTRY_PAGES = 100;

/**
 * 查阅、复制 (PIPL art. 45): everything held about the caller, as JSON, masked as in every response —
 * except, when the payment password came along and is right, the caller's own full name and ID number.
 * A wrong password counts towards the 5-failure lock like any other.
 */
export async function exportMyData(
  s: MyDataServices,
  user: Caller,
  paymentPassword: string | undefined,
): Promise<DataExportResponse> {
  const personId = user.personId;
  let identity: DataExportResponse['identity'] = null;
  if (personId && paymentPassword !== undefined) {
    await s.core.verifyPaymentPassword(personId, paymentPassword);
    identity = await s.core.ownIdentity(personId);
  }
  const [createdAt, consents] = await Promise.all([s.auth.createdAt(user.id), s.privacy.consents(user.id)]);
  const base: DataExportResponse = {
    exportedAt: new Date().toISOString(),
    full: identity !== null,
    user: { id: user.id, createdAt },
    identity,
    person: null,
    account: null,
    relatives: [],
    authorizers: [],
    policies: [],
    residentPayments: [],
    notifications: [],
    consents: consents.records,
  };
  if (!personId) return base;
  const [found, account, relatives, authorizers, policies, residentPayments, notifications] =
    await Promise.all([
      s.core.getPersonWithAccount(personId),
      s.core.getAccount(personId),
      s.family.listRelatives(personId),
      s.family.listAuthorizers(personId),
      s.enrolment.listPolicies(personId),
      s.resident.list(personId),
      s.notifications.list(personId),
    ]);
  return {
    ...base,
    person: found ? s.core.personView(found.person, found.hasAccount) : null,
    account: account ? { balanceFen: account.balanceFen, entries: await allEntries(s.core, personId) } : null,
    relatives,
    authorizers,
    policies,
    residentPayments,
    notifications,
  };
}

async function allEntries(core: MedicalInsuranceCore, accountId: string): Promise<LedgerEntryView[]> {
  const entries: LedgerEntryView[] = [];
  let cursor: string | undefined;
  for (let page = 0; page < EXPORT_ENTRY_PAGES; page++) {
    const result = await core.listEntries(accountId, { limit: 200, cursor });
    entries.push(...result.items);
    if (!result.nextCursor) break;
    cursor = result.nextCursor;
  }
  return entries;
}
