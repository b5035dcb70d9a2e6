import {
  idNumberCheckChar,
  type AdminPersonRow,
  type DemoOperator,
  type EditionContent,
} from '@puhui/shared';

/**
 * Fictitious people for trying the service out (product.md §10). Their ID numbers are made up but
 * carry valid check digits; every demo payment password is 123456.
 */
export const DEMO_PASSWORD = '123456';

function idNumber(area: string, birth: string, seq: number, male: boolean): string {
  const digits = String(seq * 2 + (male ? 1 : 0)).padStart(3, '0');
  const first17 = `${area}${birth}${digits}`;
  return first17 + idNumberCheckChar(first17);
}

export const DEMO_PEOPLE = {
  employee: { name: '王建国', idNumber: idNumber('110105', '19680312', 21, true) },
  spouse: { name: '李秀英', idNumber: idNumber('110105', '19700721', 34, false) },
  father: { name: '王德福', idNumber: idNumber('110105', '19420108', 12, true) },
  mother: { name: '张桂兰', idNumber: idNumber('110105', '19451015', 45, false) },
  child: { name: '王小明', idNumber: idNumber('110105', '20120601', 27, true) },
  hebeiChild: { name: '王小红', idNumber: idNumber('130102', '19940905', 18, false) },
  newCitizen: { name: '赵新民', idNumber: idNumber('130102', '19900415', 33, true) },
  zeroBalance: { name: '孙零余', idNumber: idNumber('110108', '19880220', 41, false) },
  // 医保钱包: a Beijing employee whose mother is insured in 石家庄 (河北), across the province border
  walletSender: { name: '陈志强', idNumber: idNumber('110102', '19720418', 36, true) },
  hebeiParent: { name: '陈淑芬', idNumber: idNumber('130102', '19471123', 29, false) },
} as const;

const P = DEMO_PEOPLE;
const BEIJING = '110000';
export const SHIJIAZHUANG = '130100';

export const DEMO_REGISTRY: AdminPersonRow[] = [
  {
    ...P.employee,
    insuranceType: 'EMPLOYEE',
    status: 'ACTIVE',
    regionCode: BEIJING,
    beijingHukou: true,
    balanceFen: 369_500,
    paymentPassword: DEMO_PASSWORD,
  },
  {
    ...P.spouse,
    insuranceType: 'EMPLOYEE',
    status: 'ACTIVE',
    regionCode: BEIJING,
    beijingHukou: true,
    balanceFen: 31_500,
    paymentPassword: DEMO_PASSWORD,
  },
  {
    ...P.father,
    insuranceType: 'RESIDENT',
    status: 'ACTIVE',
    regionCode: BEIJING,
    beijingHukou: true,
    residentCategory: 'ELDERLY',
  },
  {
    ...P.mother,
    insuranceType: 'RESIDENT',
    status: 'ACTIVE',
    regionCode: BEIJING,
    beijingHukou: true,
    residentCategory: 'ELDERLY',
  },
  {
    ...P.child,
    insuranceType: 'RESIDENT',
    status: 'ACTIVE',
    regionCode: BEIJING,
    beijingHukou: true,
    residentCategory: 'STUDENT',
  },
  {
    ...P.hebeiChild,
    insuranceType: 'EMPLOYEE',
    status: 'ACTIVE',
    regionCode: SHIJIAZHUANG,
    balanceFen: 80_000,
    paymentPassword: DEMO_PASSWORD,
  },
  {
    ...P.newCitizen,
    insuranceType: 'RESIDENT',
    status: 'ACTIVE',
    regionCode: SHIJIAZHUANG,
    beijingResidencePermit: true,
    residentCategory: 'WORKING_AGE',
  },
  {
    ...P.zeroBalance,
    insuranceType: 'EMPLOYEE',
    status: 'ACTIVE',
    regionCode: BEIJING,
    beijingHukou: true,
    balanceFen: 0,
    paymentPassword: DEMO_PASSWORD,
  },
  // 医保钱包
  {
    ...P.walletSender,
    insuranceType: 'EMPLOYEE',
    status: 'ACTIVE',
    regionCode: BEIJING,
    beijingHukou: true,
    balanceFen: 260_000,
    paymentPassword: DEMO_PASSWORD,
  },
  {
    ...P.hebeiParent,
    insuranceType: 'RESIDENT',
    status: 'ACTIVE',
    regionCode: SHIJIAZHUANG,
    residentCategory: 'ELDERLY',
  },
];

/** 城乡居民医保 personal contributions of the demo's collection year: Beijing's 2025 amounts, in fen. */
export const DEMO_RESIDENT_TARIFF = { ELDERLY: 43_000, STUDENT: 40_500, WORKING_AGE: 75_000 } as const;
/** 石家庄 (河北): one personal contribution for every category, 400 元 (the 2025 national minimum). */
export const DEMO_HEBEI_RESIDENT_TARIFF = { ELDERLY: 40_000, STUDENT: 40_000, WORKING_AGE: 40_000 } as const;

export interface DemoPersona {
  code: string;
  name: string;
  description: string;
  idNumber: string;
  paymentPassword: string | null;
}

/**
 * The console's demo accounts, one per role, created with the demo data (development only): the console's
 * login page lists them, as the mini-program's lists the personas.
 */
export const DEMO_OPERATORS: DemoOperator[] = (
  [
    ['admin', '演示管理员', 'ADMIN'],
    ['operations', '演示运营', 'OPERATIONS'],
    ['registry', '演示参保管理', 'REGISTRY'],
    ['counter', '演示窗口', 'COUNTER'],
    ['auditor', '演示审计', 'AUDITOR'],
  ] as const
).map(([username, displayName, role]) => ({ username, displayName, role, password: 'demo-2026pw' }));

/** The login page of the browser build lists these; each code is a stable dev login. */
export const DEMO_PERSONAS: DemoPersona[] = [
  {
    code: 'demo:employee',
    ...P.employee,
    description: '北京职工医保，个账余额 ¥3,500.00，可为家人共济',
    paymentPassword: DEMO_PASSWORD,
  },
  {
    code: 'demo:spouse',
    ...P.spouse,
    description: '王建国的配偶，北京职工医保，个账余额 ¥120.00',
    paymentPassword: DEMO_PASSWORD,
  },
  {
    code: 'demo:mother',
    ...P.mother,
    description: '王建国的母亲，北京城乡居民医保（城乡老年人），无个账',
    paymentPassword: null,
  },
  {
    code: 'demo:new-citizen',
    ...P.newCitizen,
    description: '新市民：持北京居住证，在河北参保，可用微信支付投保',
    paymentPassword: null,
  },
  {
    code: 'demo:zero-balance',
    ...P.zeroBalance,
    description: '北京职工医保，个账余额为零',
    paymentPassword: DEMO_PASSWORD,
  },
  // 医保钱包
  {
    code: 'demo:wallet-sender',
    ...P.walletSender,
    description: '北京职工医保，个账余额 ¥2,600.00；母亲在河北石家庄参保，可用医保钱包转账',
    paymentPassword: DEMO_PASSWORD,
  },
  {
    code: 'demo:hebei-parent',
    ...P.hebeiParent,
    description: '陈志强的母亲，河北石家庄城乡居民医保；开通医保钱包后可确认收款',
    paymentPassword: null,
  },
];

const WAN = 1_000_000; // 1万元 in fen

/**
 * The demo editions' texts (product.md §5, field facts): the three kinds of cover, 106 特药 and the
 * 连续参保 and 既往症 rules are the 2025 edition's public facts; the limits, deductibles and rates are
 * this demo's configuration, and the content says so. Insurer hotlines are the companies' public
 * national numbers.
 */
export function demoEditionContent(): EditionContent {
  return {
    cover: {
      summary:
        '北京普惠健康保是政府指导的城市定制型商业补充医疗保险，在基本医保、大病保险报销之后再报一道。累计保额300万元，由三项保障组成：医保目录内的个人自付费用、医保目录外的住院费用、106种特定高额药品（特药）。不限年龄、无需健康告知，有既往症的人也能投保。',
      items: [
        {
          title: '医保目录内个人自付费用',
          scope:
            '住院和门诊慢特病的费用，经基本医保、大病保险等报销后，医保目录内仍需个人负担的部分（起付线以下、封顶线以上和按比例自付的部分）。',
          limitFen: 100 * WAN,
          deductibleFen: 1 * WAN,
          ratePercent: 80,
          preExistingRatePercent: 40,
          drugCount: null,
        },
        {
          title: '医保目录外住院费用',
          scope: '住院期间发生的、基本医保目录以外的合理且必要的医疗费用，例如自费药品、自费检查和医用耗材。',
          limitFen: 100 * WAN,
          deductibleFen: 1 * WAN,
          ratePercent: 70,
          preExistingRatePercent: 30,
          drugCount: null,
          note: '连续参保满三年且期间未理赔的，本项免赔额降低。',
        },
        {
          title: '特定高额药品（特药）',
          scope:
            '特药清单中的国内和境外特定高额药品，用于治疗恶性肿瘤、罕见病等，按处方在指定药店购药或在指定医院用药，不设免赔额。',
          limitFen: 100 * WAN,
          deductibleFen: 0,
          ratePercent: 80,
          preExistingRatePercent: 40,
          drugCount: 106,
          note: '106种为2025年度特药清单的数目，本年度清单以条款附件为准。',
        },
      ],
      preExisting: {
        conditions: ['恶性肿瘤', '肝肾疾病'],
        rule: '投保前已患条款列明的五类既往症（包括恶性肿瘤、肝肾疾病等，完整名单以本年度保险条款为准）的，同样可以投保，相关费用按上表的既往症赔付比例赔付；其他疾病不算既往症，按一般比例赔付。',
      },
      continuity:
        '连续参保不断保的，既往症按首次参保时的健康状况认定，之后新患的疾病不算既往症；连续三年参保且未发生理赔的，医保目录外住院费用的免赔额降低，并可享受健康管理服务。断保后再投保，既往症按重新投保时的健康状况认定。',
      figuresNote:
        '三项保障、106种特药和连续参保规则取自2025年度公开信息；各项保额、免赔额和赔付比例是本演示版本的配置数字，不是官方条款，正式数字以当年度保险条款为准。',
    },
    notice: [
      {
        title: '谁可以投保',
        body: '本市基本医疗保险在保人员（职工医保、城乡居民医保）；北京市医疗保障局等部门管理的特定人群（征地超转、离休及军休等）；中央公费医疗参保人；拥有北京户籍或持有北京市居住证、且已参加异地基本医保的新市民。不限年龄，无需健康告知。',
      },
      {
        title: '一人一年一份',
        body: '同一被保险人每个年度只能投保一份；已投保的人再次投保会被拒绝，不会重复扣费。',
      },
      {
        title: '保费和缴费方式',
        body: '保费老少同价。职工医保参保人可以用本人医保个账缴费；为配偶、父母、子女等近亲属用个账缴费，需先办理家庭共济且被保险人参加北京基本医保；其他情况可用微信支付。',
      },
      {
        title: '保障期间',
        body: '保障期间内发生的医疗费用和特药费用才能申请理赔；保障开始前发生的费用不在保障范围内。',
      },
      {
        title: '退保',
        body: '保障开始前退保的，保费按原支付方式全额退回（医保个账退回原账户，微信支付原路退回）；保障开始后不能退保。',
      },
      {
        title: '次年自动投保缴费',
        body: '只有在支付时主动勾选才会开通，且仅限医保个账缴费。每次扣费前至少7天会通过“消息”提前告知扣费金额、账户和日期；不需要时在“我的保单”中一键关闭即可，不会扣费。',
      },
      {
        title: '个人信息',
        body: '投保信息仅用于承保、理赔和服务。页面和消息中的姓名、身份证号均做遮挡处理。',
      },
    ],
    terms: [
      {
        title: '第一条 合同构成',
        body: '本保险合同由保险条款、投保须知、投保信息、电子保单及其他书面约定组成。本页为条款摘要，正式条款以承保公司公布的文本为准。',
      },
      {
        title: '第二条 投保范围',
        body: '符合投保须知“谁可以投保”所列条件的人员，均可作为被保险人，不限年龄、职业和健康状况。',
      },
      {
        title: '第三条 保险期间',
        body: '保险期间为一年，自本年度保障开始日零时起至保障结束日二十四时止，以电子保单载明的日期为准。',
      },
      {
        title: '第四条 保险责任',
        body: '在保险期间内，被保险人发生的医保目录内个人自付费用、医保目录外住院费用和特药费用，超过免赔额的部分按约定比例赔付，各项以其保额为限，合计以累计保额为限。详见“保障责任”。',
      },
      {
        title: '第五条 既往症',
        body: '被保险人在首次投保前已确诊条款列明的既往症的，相关费用按既往症赔付比例赔付。连续参保的，以首次参保时的健康状况认定。',
      },
      {
        title: '第六条 责任免除',
        body: '因责任免除所列原因或情形发生的费用，保险人不承担赔付责任。详见“责任免除”。',
      },
      {
        title: '第七条 保险金申请',
        body: '被保险人或其代理人应在费用发生后尽快申请理赔，并提供理赔指引所列材料；材料不全的，保险人将一次性告知需补充的材料。',
      },
      {
        title: '第八条 重复赔付',
        body: '已由基本医保、大病保险、医疗救助或其他商业保险赔付的部分，本保险不再重复赔付。',
      },
      {
        title: '第九条 争议处理',
        body: '因本合同发生的争议，由当事人协商解决；协商不成的，可依法申请仲裁或向人民法院起诉。',
      },
    ],
    exclusions: [
      {
        title: '保障期间以外的费用',
        body: '保障开始前或保障结束后发生的医疗费用和购药费用。',
      },
      {
        title: '不合理或不必要的费用',
        body: '不属于治疗所必需的费用，以及非医保定点医疗机构、非指定药店发生的费用（急诊抢救除外）。',
      },
      {
        title: '非治疗性项目',
        body: '美容、整形、矫形、牙齿美容、近视矫正手术、健康体检、疗养、康复理疗（条款另有约定的除外）、辅助生殖等费用。',
      },
      {
        title: '故意或违法行为',
        body: '投保人对被保险人的故意伤害；被保险人故意自伤、自杀（无民事行为能力人除外），或因违法犯罪、醉酒、吸食毒品、酒后驾驶、无证驾驶导致的费用。',
      },
      {
        title: '不可抗力',
        body: '战争、军事冲突、暴乱，核爆炸、核辐射或核污染导致的费用。',
      },
      {
        title: '特药的其他情形',
        body: '不在特药清单内的药品；未经处方审核，或未在指定药店、指定医院购买或使用的特药。',
      },
      {
        title: '已获赔付的部分',
        body: '已由基本医保、大病保险、医疗救助或其他保险赔付的部分。',
      },
    ],
    claims: {
      steps: [
        '先完成基本医保、大病保险的结算（医院出院结算时一般已自动完成）。',
        '按下方材料清单准备好材料；特药在购药前需先提交处方审核。',
        '通过“北京普惠健康保”微信公众号的理赔服务在线报案并上传材料，或拨打承保公司客服热线咨询。',
        '保险公司审核材料，有需要补充的会一次性告知；审核结果通过短信或公众号消息通知。',
        '赔款转入被保险人本人（未成年人为监护人）的银行卡。',
      ],
      materials: [
        '被保险人身份证件',
        '被保险人本人的银行卡（未成年人可用监护人的，另附关系证明）',
        '医疗费用发票和费用明细清单',
        '医保结算单（基本医保、大病保险的报销凭证）',
        '住院病历、出院小结或诊断证明',
        '特药：处方、诊断证明和相关检查报告',
        '他人代办：委托书和代办人身份证件',
      ],
      channels: [
        {
          kind: 'OFFICIAL_ACCOUNT',
          name: '北京普惠健康保',
          value: '微信公众号菜单中的理赔服务',
          note: '在线报案、上传材料、查看进度',
        },
        { kind: 'HOTLINE', name: '中国人民保险', value: '95518' },
        { kind: 'HOTLINE', name: '中国人寿', value: '95519' },
        { kind: 'HOTLINE', name: '泰康', value: '95522' },
        { kind: 'HOTLINE', name: '太平洋保险', value: '95500' },
        { kind: 'HOTLINE', name: '中国平安', value: '95511' },
        {
          kind: 'COUNTER',
          name: '承保公司客户服务柜面',
          value: '携带纸质材料到任一承保公司的客服柜面递交',
          note: '适合不方便线上办理的长辈',
        },
      ],
      note: '热线为各承保公司公开的全国客服电话；北京人寿的客服电话以其官方公布为准。同一笔费用不会重复赔付。',
    },
    faq: [
      {
        question: '300万保额是怎么算的？',
        answer:
          '300万是一年内三项保障合计最多赔付的金额：医保目录内个人自付费用、医保目录外住院费用和特药费用各有自己的保额和免赔额，详见“保障责任”。',
      },
      {
        question: '有既往症能投保吗？能赔吗？',
        answer:
          '能投保，无需健康告知。条款列明的五类既往症（如恶性肿瘤、肝肾疾病）相关费用按既往症赔付比例赔付，其他疾病按一般比例赔付。连续参保的，以首次参保时的健康状况认定。',
      },
      {
        question: '保障从什么时候开始？',
        answer: '从本年度保障开始日起，保障一年；具体日期在投保页和电子保单上都有写明。',
      },
      {
        question: '可以用医保个账给家人投保吗？',
        answer:
          '可以。先在“个人中心 - 共济办理”绑定家人，再在“立即投保”中选择家人，支付时选择医保个账即可；被保险人需参加北京基本医保。',
      },
      {
        question: '怎么关闭次年自动投保缴费？',
        answer:
          '在“个人中心 - 我的保单”中关闭对应保单的“次年自动投保缴费”开关即可，一步完成，关闭后不会扣费。',
      },
      {
        question: '在哪里查看电子保单？',
        answer:
          '在“个人中心 - 我的保单”点开保单上的“电子保单”。投保人、缴费人和被保险人都能查看，也可以分享给家人。',
      },
    ],
    service: [
      {
        name: '北京普惠健康保 微信公众号',
        note: '投保、理赔和保单问题，在公众号内在线咨询',
      },
      {
        name: '承保公司客服热线',
        note: '理赔咨询和报案，号码见“理赔指引”',
      },
      {
        name: '北京12345市民服务热线',
        phone: '12345',
        hours: '全天24小时',
        note: '医保个账、家庭共济等政策咨询和投诉建议',
      },
    ],
  };
}
