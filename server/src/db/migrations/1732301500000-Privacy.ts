import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Privacy (issue 18): the versioned 隐私保护指引 and separate-consent texts, the append-only consent
 * records, and what 账号注销 needs of `users` (the row stays as a tombstone because orders keep pointing
 * at it; its WeChat identity and person link are cleared, so the next login is a new user).
 */
export class Privacy1732301500000 implements MigrationInterface {
  name = 'Privacy1732301500000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE privacy_documents (
        kind varchar(20) NOT NULL CHECK (kind IN ('PRIVACY_POLICY','SENSITIVE_INFO','RELATIVE_INFO')),
        version varchar(16) NOT NULL,
        title varchar(60) NOT NULL,
        sections jsonb NOT NULL CHECK (jsonb_typeof(sections) = 'array'),
        published_at timestamptz NOT NULL DEFAULT clock_timestamp(),
        PRIMARY KEY (kind, version)
      )`);
    await q.query(`CREATE INDEX privacy_documents_current ON privacy_documents (kind, published_at DESC)`);
    await q.query(`
      CREATE TABLE privacy_consents (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        user_id uuid NOT NULL REFERENCES users(id),
        person_id uuid,
        kind varchar(20) NOT NULL,
        version varchar(16) NOT NULL,
        action varchar(10) NOT NULL CHECK (action IN ('GIVEN','WITHDRAWN')),
        created_at timestamptz NOT NULL DEFAULT clock_timestamp(),
        FOREIGN KEY (kind, version) REFERENCES privacy_documents (kind, version)
      )`);
    await q.query(`CREATE INDEX privacy_consents_user ON privacy_consents (user_id, kind, id DESC)`);
    // Append-only, like the ledger: what a user agreed to, and when, is evidence and is never rewritten.
    await q.query(`
      CREATE FUNCTION privacy_consents_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'privacy_consents is append-only';
      END $$`);
    await q.query(`
      CREATE TRIGGER privacy_consents_append_only BEFORE UPDATE OR DELETE ON privacy_consents
      FOR EACH ROW EXECUTE FUNCTION privacy_consents_append_only()`);
    await q.query(
      `ALTER TABLE users ALTER COLUMN subject_hash DROP NOT NULL, ADD COLUMN closed_at timestamptz`,
    );
    await q.query(
      `INSERT INTO privacy_documents (kind, version, title, sections) VALUES ($1, $2, $3, $4), ($5, $6, $7, $8), ($9, $10, $11, $12)`,
      INITIAL.flatMap((d) => [d.kind, '1.0', d.title, JSON.stringify(d.sections)]),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE users DROP COLUMN closed_at`);
    await q.query(`DROP TABLE privacy_consents`);
    await q.query(`DROP FUNCTION privacy_consents_append_only()`);
    await q.query(`DROP TABLE privacy_documents`);
  }
}

const OPERATOR =
  '北京普惠健康保 家庭共济 小程序的运营方（北京普惠健康保共保体及其委托的平台运营方；正式名称、地址与个人信息保护负责人的联系方式以上线公示为准）';

const INITIAL = [
  {
    kind: 'PRIVACY_POLICY',
    title: '隐私保护指引',
    sections: [
      {
        title: '一、我们是谁',
        body: `${OPERATOR}。医保个人账户、家庭共济绑定和支付密码由医保经办机构（医保核心系统）管理，我们只在您办理业务时向其查询、提交。`,
      },
      {
        title: '二、我们收集哪些信息、为什么',
        body: '微信登录标识（仅保存其加密摘要，用于识别同一账号）；实名认证时的姓名、身份证号（用于向医保核心系统核验参保身份，身份证号加密保存，页面只显示脱敏号码）；参保状态、统筹区、个人账户余额与明细（用于判断投保资格、用医保个账缴费）；家庭共济亲属的姓名、身份证号与关系（用于办理共济绑定）；订单、保单与续保记录（用于承保、理赔和退保）；消息记录（用于通知续保扣费等事项）。我们不收集位置、通讯录、相册等与业务无关的信息。',
      },
      {
        title: '三、个人信息处理规则',
        body: '身份证号、医保参保信息、个人账户信息和亲属关系属于敏感个人信息，仅在您单独同意后处理；处理目的限于投保、缴费、共济和法定义务。除医保经办机构和承保保险公司（承保、理赔所必需）外，我们不向第三方提供您的信息，不用于营销。',
      },
      {
        title: '四、保存多久',
        body: '保单、缴费与个人账户流水按保险和会计规定保存（保险合同终止后至少五年，会计凭证三十年）；同意记录保存至账号注销后五年，作为依法取得同意的凭证；幂等请求记录保存 30 天，已读消息保存三年；其他信息在账号注销时删除。',
      },
      {
        title: '五、您的权利',
        body: '您可以在 个人中心-我的信息 查阅、下载（复制）我们持有的您的信息，在 个人中心-隐私与授权 撤回同意，在 个人中心-注销账号 注销账号。撤回同意不影响撤回前基于同意已进行的处理。',
      },
      {
        title: '六、联系我们',
        body: '对个人信息处理有疑问、投诉或需要更正，可通过小程序内 客服 联系我们，我们将在 15 个工作日内答复。',
      },
    ],
  },
  {
    kind: 'SENSITIVE_INFO',
    title: '敏感个人信息处理单独同意书（实名认证）',
    sections: [
      {
        title: '处理者',
        body: `${OPERATOR}，并向医保经办机构的医保核心系统核验。`,
      },
      {
        title: '处理什么',
        body: '您的姓名、身份证号，以及据此查询到的参保类型、参保状态、统筹区、是否有医保个人账户及其余额和明细。',
      },
      {
        title: '为什么、是否必要',
        body: '用于核实您是本人并判断投保资格、用医保个账缴费、办理家庭共济。不提供将无法完成实名认证和医保个账支付，但仍可浏览产品介绍。',
      },
      {
        title: '保存多久',
        body: '身份证号加密保存，账号注销时解除与您微信账号的关联；与保单、缴费有关的记录按保险和会计规定保存。',
      },
      {
        title: '撤回',
        body: '您可随时在 个人中心-隐私与授权 撤回。撤回后：不能查看医保个账余额和明细，不能用医保个账或微信支付投保、缴费，不能新增共济亲属；您作为缴费人的次年自动投保缴费全部关闭；已有保单、消息和解除绑定、退保仍可使用。',
      },
    ],
  },
  {
    kind: 'RELATIVE_INFO',
    title: '亲属个人信息处理单独同意书（家庭共济）',
    sections: [
      {
        title: '处理什么',
        body: '您填写的亲属姓名、身份证号、与您的关系，以及据此查询到的亲属参保状态和统筹区。',
      },
      {
        title: '为什么',
        body: '家庭共济需要由医保核心系统核验亲属身份和参保状态后建立绑定，您的医保个人账户才能为其缴费、支付就医费用。',
      },
      {
        title: '亲属的同意',
        body: '提交前请确认已告知亲属并取得其同意（未满十四周岁的子女由您作为监护人同意）。绑定成功后亲属会收到消息，亲属可在其 个人中心-我的信息 看到谁在处理其信息，并可随时自行解除共济。',
      },
      {
        title: '保存多久与撤回',
        body: '绑定记录与共济消费记录由医保核心系统按医保规定保存。您可随时撤回本同意：撤回后不能新增共济亲属，您已绑定的亲属关系全部解除，您为其开通的自动投保缴费一并关闭。',
      },
    ],
  },
];
