/**
 * Every refusal has a stable machine code, an HTTP status and a Chinese message that tells the
 * user what to do next. The server answers `{error:{code, message, details}}`; the mini-program
 * shows `message`.
 */
export const ERRORS = {
  // request shape
  VALIDATION_FAILED: [400, '填写的信息有误，请按提示修改后重试'],
  INVALID_ID_NUMBER: [400, '身份证号码校验不通过，请核对后重新输入'],
  IDEMPOTENCY_KEY_REQUIRED: [400, '请求缺少幂等键，请刷新页面后重试'],
  IDEMPOTENCY_KEY_REUSED: [409, '该请求已提交过且内容不同，请刷新页面后重新操作'],
  IDEMPOTENCY_IN_PROGRESS: [409, '相同的请求正在处理中，请稍候查看结果'],
  PAYLOAD_TOO_LARGE: [413, '提交的内容过大，请分批提交'],
  // auth
  UNAUTHENTICATED: [401, '登录已失效，请重新登录'],
  LOGIN_FAILED: [401, '微信登录失败，请重新打开小程序后再试'],
  ADMIN_DISABLED: [403, '运营接口未开启，请配置 ADMIN_TOKEN 后使用'],
  FORBIDDEN: [403, '无权操作他人的数据'],
  INSTITUTION_KEY_INVALID: [401, '定点医药机构密钥无效，请联系运营人员重新获取'],
  NOT_FOUND: [404, '未找到相关记录，请返回上一页刷新后重试'],
  RATE_LIMITED: [429, '操作过于频繁，请稍后再试'],
  // identity and registry
  IDENTITY_NOT_VERIFIED: [422, '姓名与身份证号不匹配或未查询到参保信息，请核对后重试'],
  IDENTITY_REQUIRED: [403, '请先完成实名认证'],
  IDENTITY_ALREADY_LINKED: [409, '该身份已被其他微信账号认证，如有疑问请联系客服'],
  NO_PERSONAL_ACCOUNT: [422, '您不是北京职工医保参保人，没有医保个人账户'],
  // payment password and balance
  PASSWORD_NOT_SET: [422, '尚未设置医保电子凭证支付密码，请先在医保服务平台设置'],
  PASSWORD_INCORRECT: [422, '支付密码错误，请重新输入'],
  PASSWORD_LOCKED: [423, '支付密码错误次数过多，已锁定24小时，请在解锁后重试或改用微信支付'],
  INSUFFICIENT_BALANCE: [422, '医保个账余额不足，请改用微信支付或减少投保人数'],
  // 家庭共济
  AUTHORIZER_NOT_EMPLOYEE: [422, '只有北京职工医保在保且有个人账户的参保人才能办理家庭共济'],
  RELATIVE_NOT_FOUND: [422, '未查询到该亲属的参保信息，请核对姓名和身份证号'],
  RELATIVE_NOT_INSURED: [422, '该亲属未处于基本医保在保状态，暂不能办理家庭共济'],
  RELATIVE_OTHER_REGION: [422, '亲属不在同一医保统筹区，暂不能办理家庭共济'],
  RELATIONSHIP_NOT_ALLOWED: [422, '本统筹区暂不支持该亲属关系的家庭共济，请选择页面列出的亲属关系'],
  RELATIONSHIP_IMPLAUSIBLE: [
    422,
    '亲属关系与出生日期不符，请核对所选关系；如关系属实，请携带户口本等关系证明到经办机构窗口办理',
  ],
  SELF_BINDING: [422, '不能为本人办理家庭共济，请填写亲属信息'],
  SPOUSE_ALREADY_BOUND: [409, '已绑定配偶，如需更换请先解除原绑定'],
  ALREADY_BOUND: [409, '该亲属已绑定，无需重复办理'],
  RELATIVE_LIMIT_REACHED: [422, '已达到可绑定亲属人数上限，请先解除不再需要的绑定'],
  BINDING_ORDER_MISMATCH: [400, '排序需包含全部可用的共济账户，请刷新后重试'],
  // 普惠健康保
  PRODUCT_NOT_FOUND: [404, '未找到该产品，请返回首页重新选择'],
  ENROLLMENT_CLOSED: [422, '本年度投保已截止，请关注下一年度开放时间'],
  NOT_ELIGIBLE: [422, '被保险人不符合投保条件'],
  ALREADY_ENROLLED: [409, '被保险人已参保本年度北京普惠健康保，无需重复投保'],
  PAYMENT_METHOD_NOT_ALLOWED: [422, '该被保险人不能使用医保个账支付，请改用微信支付'],
  BINDING_REQUIRED: [422, '为家人使用医保个账缴费需先办理家庭共济，请到 个人中心-共济办理 绑定'],
  ORDER_NOT_PAYABLE: [409, '订单已支付或已关闭，请到 我的保单 查看'],
  ORDER_EXPIRED: [409, '订单已超时关闭，请重新下单'],
  DUPLICATE_INSURED: [400, '同一被保险人不能在一个订单中出现两次'],
  AUTO_RENEW_NOT_ALLOWED: [422, '仅医保个账缴费的保单可以开通次年自动投保缴费'],
  POLICY_NOT_CANCELLABLE: [409, '保障已开始或保单已退保，不能再退保，如有疑问请联系客服'],
  // 自动续保
  BINDING_ENDED: [422, '共济关系已解除，不能再为该亲属自动续保'],
  RENEWAL_IN_PROGRESS: [409, '续保任务正在执行，请稍后查看结果'],
  // 居民医保 / 就医结算 / 企业登记
  NOT_RESIDENT_INSURED: [422, '该亲属不是城乡居民医保参保人，无需在此缴费'],
  TARIFF_NOT_FOUND: [422, '该年度的居民医保缴费标准尚未公布，请稍后再试'],
  ALREADY_PAID: [409, '该亲属本年度居民医保已缴费，无需重复缴纳'],
  SETTLEMENT_ALREADY_REVERSED: [409, '该结算已冲正，无需重复操作'],
  INVALID_CREDIT_CODE: [400, '统一社会信用代码校验不通过，请核对营业执照后重新输入'],
  INTERNAL: [500, '系统繁忙，请稍后再试'],
  // privacy (PIPL)
  CONSENT_REQUIRED: [422, '请先阅读并同意《隐私保护指引》及相关单独同意书，再继续办理'],
  CONSENT_VERSION_OUTDATED: [409, '隐私保护指引已更新，请阅读新版本后重新同意'],
  PRIVACY_VERSION_EXISTS: [409, '该版本号已发布过，请使用新的版本号'],
  // operators (issue 15)
  INVALID_CREDENTIALS: [401, '用户名或密码错误，请核对后重试；连续 5 次错误将锁定 15 分钟'],
  OPERATOR_LOCKED: [423, '密码错误次数过多，账号已锁定 15 分钟，请稍后再试或联系管理员重置密码'],
  OPERATOR_FORBIDDEN: [403, '当前操作员角色无权使用此功能，如需开通请联系管理员'],
  OPERATOR_USERNAME_TAKEN: [409, '该用户名已被使用，请换一个用户名'],
  PERSON_NOT_FOUND: [404, '未查询到该身份证号的参保人，请核对证件号码后重试'],
  // notify: notices that leave the app
  NOTICE_TEMPLATE_UNKNOWN: [400, '订阅的消息模板已更新，请重新打开小程序后再订阅'],
  PAYER_OPENID_MISSING: [401, '微信支付需要您重新登录，请登录后再提交一次投保（本次未扣款）'],
  MOBILE_CODE_TOO_SOON: [429, '验证码已发送，请 60 秒后再重新获取'],
  MOBILE_CODE_DAILY_LIMIT: [429, '今日获取验证码已达 5 次，请明天再试'],
  MOBILE_CODE_INVALID: [422, '验证码错误或已失效，请核对短信中的验证码，或重新获取'],
  SMS_UNAVAILABLE: [503, '短信暂时发送失败，请稍后重新获取验证码'],
  SUBSCRIBER_MISMATCH: [403, '订阅时的微信账号与当前登录的不一致，请重新登录后再订阅'],
  // replicas (issue 17)
  EDITION_CHANGED: [409, '该年度产品信息（如保费）刚刚更新，请返回产品页确认后重新投保'],
  // 医保钱包 (cross-province transfers)
  WALLET_NOT_ACTIVATED: [422, '对方尚未开通医保钱包，请提醒亲属在国家医保服务平台开通后再转账'],
  WALLET_ALREADY_ACTIVATED: [409, '医保钱包已开通，无需重复开通'],
  WALLET_NOT_ELIGIBLE: [422, '开通医保钱包需本人基本医保在保，请先完成参保后再开通'],
  WALLET_AMOUNT_LIMIT: [422, '单笔转账金额须在 0.01 元至 2,000 元之间，请修改金额'],
  WALLET_DAILY_LIMIT: [422, '今日已转账 3 笔，已达每日上限，请明天 06:00 后再试'],
  WALLET_QUIET_HOURS: [422, '每日 22:00 至次日 06:00 暂停钱包转账，请在 06:00 后再试'],
  WALLET_TRANSFER_PENDING: [409, '您给该亲属的上一笔转账尚待对方确认，请等对方确认或退回后再转'],
  WALLET_REGION_NOT_ENABLED: [422, '您或亲属所在的统筹区暂未开通医保钱包转账，请通过线下窗口咨询'],
  WALLET_SAME_PROVINCE: [422, '亲属与您在同一省份参保，请通过“共济办理”绑定亲属，无需钱包转账'],
  WALLET_SENDER_NOT_EMPLOYEE: [422, '只有职工医保在保且有个人账户的参保人才能向亲属医保钱包转账'],
  WALLET_TRANSFER_EXPIRED: [
    409,
    '该笔转账已超过确认时间，款项将于今日 06:00 后退回转出人，请联系亲属重新转账',
  ],
  WALLET_TRANSFER_SETTLED: [409, '该笔转账已处理（已到账或已退回），请刷新查看'],
  WALLET_INSUFFICIENT_BALANCE: [
    422,
    '医保钱包余额不足以缴纳本年度居民医保，请请外省亲属向您的医保钱包转账后再缴，或到当地医保窗口缴费',
  ],
  // console: registry import
  IMPORT_NOT_FOUND: [404, '未找到该导入任务，请返回导入列表刷新后重试'],
  IMPORT_FILE_UNREADABLE: [400, '文件无法读取，请上传 UTF-8 编码的 CSV 或 Excel（.xlsx）文件'],
} as const satisfies Record<string, readonly [number, string]>;

export type ErrorCode = keyof typeof ERRORS;

export function errorStatus(code: ErrorCode): number {
  return ERRORS[code][0];
}

export function errorMessage(code: ErrorCode): string {
  return ERRORS[code][1];
}

/** One invalid field of a 400: `field` is the request path (`idNumber`, `[3].balanceFen`). */
export interface FieldError {
  field: string;
  message: string;
}

export interface ApiErrorBody {
  error: {
    code: ErrorCode;
    message: string;
    details?: Record<string, unknown> & { fields?: FieldError[] };
  };
}
