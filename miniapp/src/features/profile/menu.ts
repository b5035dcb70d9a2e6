import { PAGES } from '../../lib/pages';

/** 个人中心 menu, in the order of the official 公众号 menu. */
export const PROFILE_MENU = [
  {
    key: 'family',
    title: '共济办理',
    description: '为配偶、父母、子女等近亲属绑定家庭共济',
    url: PAGES.family,
    needsLogin: true,
  },
  {
    key: 'policies',
    title: '我的保单',
    description: '查看保单、设置次年自动投保缴费',
    url: PAGES.policies,
    needsLogin: true,
  },
  {
    key: 'account',
    title: '个账余额',
    description: '查询医保个人账户余额和明细',
    url: PAGES.account,
    needsLogin: true,
  },
  {
    key: 'resident',
    title: '为家人缴居民医保',
    description: '用个账为共济亲属缴纳城乡居民医保',
    url: PAGES.resident,
    needsLogin: true,
  },
  {
    key: 'wallet',
    title: '医保钱包',
    description: '外省近亲属间转账，开通钱包、确认收款',
    url: PAGES.wallet,
    needsLogin: true,
  },
  {
    key: 'enterprise',
    title: '企业登记',
    description: '企业为员工统一投保，登记后专人联系',
    url: PAGES.enterprise,
    needsLogin: false,
  },
  {
    key: 'messages',
    title: '消息',
    description: '续保提醒、缴费结果等通知',
    url: PAGES.messages,
    needsLogin: true,
  },
  // privacy (issue 18)
  {
    key: 'myData',
    title: '我的信息',
    description: '查看、下载我们保存的您的信息，管理授权',
    url: PAGES.myData,
    needsLogin: true,
  },
  {
    key: 'privacyPolicy',
    title: '隐私保护指引',
    description: '个人信息处理规则、单独同意书',
    url: PAGES.privacyPolicy,
    needsLogin: false,
  },
  {
    key: 'closeAccount',
    title: '注销账号',
    description: '解除微信账号关联，删除不需保留的信息',
    url: PAGES.closeAccount,
    needsLogin: true,
  },
] as const;
