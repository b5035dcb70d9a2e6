import { JobBoss } from '../lib/scheduled-queue';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import type { Config } from '../config';
import { Secrets } from '../lib/crypto';
import { AuthService } from '../modules/auth/auth.service';
import { DevLoginProvider, WechatLoginProvider } from '../modules/auth/login-providers';
import { IdempotencyService } from '../modules/idempotency/idempotency.service';
import { LocalCore, type MedicalInsuranceCore } from '../modules/registry/registry.service';
import { FamilyService } from '../modules/family/family.service';
import { EnrolmentService } from '../modules/enrolment/enrolment.service';
import { PaymentService, refundView } from '../modules/payment/payment.service';
import { ResidentPremiumService } from '../modules/resident/resident.service';
import { SettlementService } from '../modules/settlement/settlement.service';
import { EnterpriseService } from '../modules/enterprise/enterprise.service';
import { StatsService } from '../modules/stats/stats.service';
import { NotificationService } from '../modules/notification/notification.service';
import { AutoRenewService } from '../modules/renewal/auto-renew.service';
import { ConsentRepository, PolicyRepository } from '../modules/enrolment/policy.repository';
import { RenewalRepository } from '../modules/renewal/renewal.repository';
import {
  RENEWAL_CHUNK,
  runRenewals,
  type RenewalRunRequest,
  type RenewalRunResult,
} from '../flows/run-renewals';
import { RenewalScheduler } from '../modules/renewal/scheduler';
import { RenewalRunsService } from '../modules/renewal/runs.service';
import { recordRenewalRun } from '../flows/record-renewal-run';
// privacy (issue 18)
import { PrivacyService } from '../modules/privacy/privacy.service';
import { RetentionScheduler, type RetentionTarget } from '../modules/privacy/retention';
// operators and audit log (issue 15)
import { AuditService } from '../modules/audit/audit.service';
import { OperatorService } from '../modules/operators/operator.service';
// WeChat Pay API v3 (issue #14)
import type { AddressInfo } from 'node:net';
import { API_BASE, API } from '@puhui/shared';
import { PolicyCancellation } from '../modules/enrolment/cancellation.service';
import { WechatPayEmulator } from '../modules/payment/emulator';
import { readEmulatorPlatformKey } from '../modules/payment/emulator-keys';
import { PaymentRepository } from '../modules/payment/payment.repository';
import { ReconcileScheduler } from '../modules/payment/reconcile-scheduler';
import { WechatPayV3Client } from '../modules/payment/v3-client';
import { loadCertificate, loadPrivateKey, publicKeyOf } from '../modules/payment/wechatpay-v3';
import { reconcileWechatPay, type ReconcileResult } from '../flows/reconcile-wechat-pay';
// notify: notices that leave the app
import { DeliveryService } from '../modules/notification/delivery.service';
import { DeliveryQueue } from '../modules/notification/delivery-queue';
import { NoticeSandbox } from '../modules/notification/sandbox';
import { AccessTokens, WechatSubscribeChannel } from '../modules/notification/wechat-subscribe';
import { HttpSmsProvider, SmsChannel } from '../modules/notification/sms';
// 医保钱包
import { WalletService } from '../modules/wallet/wallet.service';
import { WalletExpiryScheduler } from '../modules/wallet/scheduler';
import { expireWalletTransfers } from '../flows/expire-wallet-transfers';
// console
import { RegistryImportService } from '../modules/registry/import.service';
import {
  InProcessImportRunner,
  PgBossImportRunner,
  type ImportRunner,
} from '../modules/registry/import.queue';

declare module 'fastify' {
  interface FastifyInstance {
    config: Config;
    secrets: Secrets;
    core: MedicalInsuranceCore;
    auth: AuthService;
    idempotency: IdempotencyService;
    family: FamilyService;
    enrolment: EnrolmentService;
    payments: PaymentService;
    resident: ResidentPremiumService;
    settlements: SettlementService;
    enterprises: EnterpriseService;
    stats: StatsService;
    notifications: NotificationService;
    autoRenew: AutoRenewService;
    /** `policies` and `auto_renew_consents` outside the purchase (the enrolment module's repositories). */
    policies: PolicyRepository;
    consents: ConsentRepository;
    /** The renewal run (flows/run-renewals) with this app's modules. */
    renewals: { run(req: RenewalRunRequest, startedBy?: string): Promise<RenewalRunResult> };
    /** The 续保 page's reads: history of runs, next scheduled run, failures of a run. */
    renewalRuns: RenewalRunsService;
    /** The daily renewal job on the pg-boss queue; null with RENEWAL_SCHEDULE=off. */
    renewalScheduler: RenewalScheduler | null;
    // privacy (issue 18)
    privacy: PrivacyService;
    /** What the daily retention job purges, each after its period (README settings). */
    retentionTargets: RetentionTarget[];
    // operators and audit log (issue 15)
    /** The append-only audit log: `app.audit.record(tx, entry)` in the transaction of the work. */
    audit: AuditService;
    operators: OperatorService;
    // WeChat Pay API v3 (issue #14)
    /** The local WeChat Pay (WECHAT_PAY_MODE=emulator) on its own port; null in production. */
    wechatEmulator: WechatPayEmulator | null;
    cancellation: PolicyCancellation;
    /** One reconciliation pass (flows/reconcile-wechat-pay) with this app's modules. */
    wechatReconcile: { run(afterSeconds?: number): Promise<ReconcileResult> };
    /** The reconciliation job on the pg-boss queue; null with WECHAT_PAY_RECONCILE=off. */
    reconcileScheduler: ReconcileScheduler | null;
    // notify: notices that leave the app
    /** 订阅消息 and SMS deliveries of notices (with their sandboxes under NOTICE_CHANNELS=sandbox). */
    deliveries: DeliveryService;
    /** The every-minute delivery job on the pg-boss queue; null with NOTICE_DELIVERY=off. */
    deliveryQueue: DeliveryQueue | null;
    // 医保钱包
    wallet: WalletService;
    /** The 06:00 expiry job on the pg-boss queue; null with WALLET_EXPIRY_SCHEDULE=off. */
    walletScheduler: WalletExpiryScheduler | null;
    // console
    /** 参保人 import jobs (modules/registry/import.service) and where they run. */
    registryImports: RegistryImportService;
    importRunner: ImportRunner;
  }
}

/** The application services, built once and reached by routes through typed decorations. */
export default fp(
  async function servicesPlugin(app: FastifyInstance, opts: { config: Config; databaseUrl: string }) {
    const { config } = opts;
    // The process's one pg-boss, shared by every queue below; stopped once, after them (onClose hooks
    // run in the reverse order of their adding), before the database closes.
    const jobs = new JobBoss(opts.databaseUrl, app.log.child({ module: 'jobs' }));
    app.addHook('onClose', () => jobs.stop());
    const secrets = new Secrets(config.secretKey);
    const core = new LocalCore(app.db, secrets);
    const provider =
      config.authMode === 'wechat'
        ? new WechatLoginProvider(config.wechatAppId!, config.wechatSecret!, config.wechatApiOrigin)
        : new DevLoginProvider();
    app.decorate('config', config);
    app.decorate('secrets', secrets);
    app.decorate('core', core);
    const privacy = new PrivacyService(app.db);
    app.decorate('auth', new AuthService(app.db, secrets, provider, core, config.tokenTtlSeconds, privacy));
    app.decorate('idempotency', new IdempotencyService(app.db));
    const family = new FamilyService(app.db, core);
    core.onPersonsChanged((tx, ids) => family.endInvalidBindings(tx, ids));
    app.decorate('family', family);
    const notifications = new NotificationService(app.db);
    const enrolment = new EnrolmentService(app.db, core, family, notifications);
    app.decorate('enrolment', enrolment);
    app.decorate('resident', new ResidentPremiumService(app.db, core, family));
    // 医保钱包 (built here: the settlement pays from the patient's wallet after their own 个账)
    const wallet = new WalletService(app.db, core, family);
    app.decorate('wallet', wallet);
    app.decorate('settlements', new SettlementService(app.db, core, family, secrets, wallet));
    app.decorate('enterprises', new EnterpriseService(app.db));
    app.decorate('stats', new StatsService(app.db));
    app.decorate('notifications', notifications);
    const policies = new PolicyRepository();
    const consents = new ConsentRepository();
    app.decorate('policies', policies);
    app.decorate('consents', consents);
    app.decorate('autoRenew', new AutoRenewService(app.db, core, family, enrolment, policies, consents));
    const renewalRun = {
      ds: app.db,
      core,
      family,
      enrolment,
      policies,
      consents,
      renewals: new RenewalRepository(),
      notifications,
      chunkSize: RENEWAL_CHUNK,
      workers: config.renewalWorkers,
    };
    const renewalRuns = new RenewalRunsService(app.db, config.renewalSchedule ? config.renewalCron : null);
    app.decorate('renewalRuns', renewalRuns);
    // Every run, the operator's or the schedule's, gets its row in the history.
    const renewals = {
      run: (req: RenewalRunRequest, startedBy?: string) =>
        recordRenewalRun(
          { db: app.db, history: renewalRuns.history },
          (r) => runRenewals(renewalRun, r),
          req,
          startedBy,
        ),
    };
    app.decorate('renewals', renewals);
    const scheduler = config.renewalSchedule
      ? new RenewalScheduler(
          jobs,
          config.renewalCron,
          () => enrolment.listProducts(false),
          renewals.run,
          app.log.child({ module: 'renewal-schedule' }),
        )
      : null;
    app.decorate('renewalScheduler', scheduler);
    if (scheduler) {
      // Started once the app is ready; JobBoss stops it (waiting for a running job).
      app.addHook('onReady', () => scheduler.start());
    }

    // privacy (issue 18): consents and texts; the retention purge of what has a period
    app.decorate('privacy', privacy);
    const idempotency = app.idempotency;
    const retentionTargets: RetentionTarget[] = [
      {
        name: 'idempotency_keys',
        days: config.retention.idempotencyDays,
        purge: (cutoff) => idempotency.purgeBefore(cutoff),
      },
      {
        name: 'notifications_read',
        days: config.retention.readNotificationDays,
        purge: (cutoff) => notifications.purgeReadBefore(cutoff),
      },
      {
        name: 'notice_deliveries',
        days: config.retention.deliveryDays,
        purge: (cutoff) => notifications.purgeDeliveriesBefore(cutoff),
      },
    ];
    app.decorate('retentionTargets', retentionTargets);
    if (config.retentionSchedule) {
      const retention = new RetentionScheduler(
        jobs,
        config.retentionCron,
        retentionTargets,
        app.log.child({ module: 'retention' }),
      );
      app.addHook('onReady', () => retention.start());
    }
    // operators and audit log (issue 15)
    const audit = new AuditService(app.db);
    app.decorate('audit', audit);
    app.decorate('operators', new OperatorService(app.db, audit, config.operatorSessionHours));
    // WeChat Pay API v3 (issue #14)
    await wireWechatPay(app, config, jobs, enrolment, policies, notifications);
    // notify: notices that leave the app
    const deliveries = await noticeDeliveries(config, secrets, app);
    app.decorate('deliveries', deliveries);
    const deliveryQueue = config.notices.deliveryJob
      ? new DeliveryQueue(
          jobs,
          config.notices.deliveryCron,
          () => deliveries.deliverDue(),
          app.log.child({ module: 'notice-queue' }),
        )
      : null;
    app.decorate('deliveryQueue', deliveryQueue);
    if (deliveryQueue) {
      app.addHook('onReady', () => deliveryQueue.start());
    }
    // 医保钱包: the 06:00 expiry
    const walletScheduler = config.walletExpirySchedule
      ? new WalletExpiryScheduler(
          jobs,
          () => expireWalletTransfers({ ds: app.db, wallet, notifications }),
          app.log.child({ module: 'wallet-schedule' }),
        )
      : null;
    app.decorate('walletScheduler', walletScheduler);
    if (walletScheduler) {
      app.addHook('onReady', () => walletScheduler.start());
    }
    // console: registry import jobs, resumed at start, stopped before the database closes
    const registryImports = new RegistryImportService(app.db, core, secrets);
    const importLog = app.log.child({ module: 'registry-import' });
    const importRunner: ImportRunner = config.importQueue
      ? new PgBossImportRunner(jobs, registryImports)
      : new InProcessImportRunner(registryImports, importLog);
    app.decorate('registryImports', registryImports);
    app.decorate('importRunner', importRunner);
    app.addHook('onReady', () => importRunner.start());
    app.addHook('onClose', () => importRunner.stop());
  },
  { name: 'services', dependencies: ['database'] },
);

/** This server's own origin, for notify_url in emulator mode (the emulator is on the same machine). */
function ownOrigin(app: FastifyInstance): string {
  const a = app.server.address() as AddressInfo | null;
  if (!a) throw new Error('the server is not listening yet: no notify_url for WeChat Pay');
  const host = ['0.0.0.0', '::'].includes(a.address)
    ? '127.0.0.1'
    : a.address.includes(':')
      ? `[${a.address}]`
      : a.address;
  return `http://${host}:${a.port}`;
}

/**
 * WeChat Pay: one v3 client, pointed at WeChat or at the emulator (started here on its own port, with
 * the keys config generated), the payment module, 退保, and the reconciliation job.
 */
async function wireWechatPay(
  app: FastifyInstance,
  config: Config,
  jobs: JobBoss,
  enrolment: EnrolmentService,
  policies: PolicyRepository,
  notifications: NotificationService,
): Promise<void> {
  const w = config.wechatPay;
  const merchantKey = loadPrivateKey(w.merchantPrivateKeyPem);
  const platformCert = loadCertificate(w.platformCertPem);
  let emulator: WechatPayEmulator | null = null;
  if (w.mode === 'emulator' && w.baseUrl === null) {
    emulator = new WechatPayEmulator({
      mchId: w.mchId,
      appId: w.appId,
      merchant: { publicKey: publicKeyOf(merchantKey), serial: w.serial },
      platform: {
        privateKey: loadPrivateKey(readEmulatorPlatformKey(w.keyDir)),
        serial: platformCert.serial,
      },
      apiV3Key: w.apiV3Key,
      chaos: w.emulatorChaos,
      realTime: w.emulatorChaos,
    });
    await emulator.listen();
    app.addHook('onClose', () => emulator!.close());
  }
  const notifyOrigin = () => w.notifyOrigin ?? ownOrigin(app);
  const client = new WechatPayV3Client({
    merchant: { mchId: w.mchId, serial: w.serial, privateKey: merchantKey },
    appId: w.appId,
    apiV3Key: w.apiV3Key,
    platform: platformCert,
    baseUrl: () => w.baseUrl ?? emulator!.baseUrl,
    notifyUrl: (kind) =>
      notifyOrigin() + API_BASE + (kind === 'payment' ? API.wechatNotify.path : API.wechatRefundNotify.path),
  });
  const payments = new PaymentService(
    client,
    app.db,
    new PaymentRepository(),
    app.log.child({ module: 'wechat-pay' }),
  );
  app.decorate('payments', payments);
  app.decorate('wechatEmulator', emulator);
  enrolment.onRefundViews(
    async (policyNos, db) =>
      new Map((await payments.refundsOfPolicies(policyNos, db)).map((r) => [r.policyNo!, refundView(r)])),
    async (orderId, db) => {
      const r = await payments.refundOfOrder(orderId, db);
      return r && refundView(r);
    },
  );
  app.decorate('cancellation', new PolicyCancellation(enrolment, policies));
  const notify = { db: app.db, payments, enrolment, notifications };
  const reconcile = {
    run: (afterSeconds = w.reconcileAfterSeconds) => reconcileWechatPay(notify, { afterSeconds }),
  };
  app.decorate('wechatReconcile', reconcile);
  const scheduler = w.reconcile
    ? new ReconcileScheduler(jobs, () => reconcile.run(), app.log.child({ module: 'wechat-reconcile' }))
    : null;
  app.decorate('reconcileScheduler', scheduler);
  if (scheduler) {
    app.addHook('onReady', () => scheduler.start());
  }
}

// notify: notices that leave the app
/**
 * The channels as configured: the real WeChat API and SMS provider, or (NOTICE_CHANNELS=sandbox) the
 * same clients pointed at local stand-ins started here and stopped with the app.
 */
async function noticeDeliveries(
  config: Config,
  secrets: Secrets,
  app: FastifyInstance,
): Promise<DeliveryService> {
  const { notices } = config;
  const templateIds = notices.templates;
  if (notices.channels === 'sandbox') {
    const sandbox = new NoticeSandbox(Object.values(templateIds));
    await sandbox.start();
    app.addHook('onClose', () => sandbox.stop());
    const tokens = new AccessTokens(sandbox.url, sandbox.appId, sandbox.secret);
    return new DeliveryService(
      app.db,
      secrets,
      {
        WECHAT: new WechatSubscribeChannel(sandbox.url, tokens, templateIds, 'developer'),
        SMS: new SmsChannel(new HttpSmsProvider(`${sandbox.url}/sms/send`, sandbox.smsKey, '北京普惠健康保')),
      },
      templateIds,
      sandbox,
    );
  }
  const tokens = new AccessTokens(config.wechatApiOrigin, config.wechatAppId!, config.wechatSecret!);
  const sms = notices.sms!;
  return new DeliveryService(
    app.db,
    secrets,
    {
      WECHAT: new WechatSubscribeChannel(config.wechatApiOrigin, tokens, templateIds),
      SMS: new SmsChannel(new HttpSmsProvider(sms.url, sms.apiKey, sms.signName)),
    },
    templateIds,
    null,
  );
}
