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
import { PaymentService } from '../modules/payment/payment.service';
import { SandboxWechatPay } from '../modules/payment/gateway';
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
// privacy (issue 18)
import { PrivacyService } from '../modules/privacy/privacy.service';
import { RetentionScheduler, type RetentionTarget } from '../modules/privacy/retention';
// operators and audit log (issue 15)
import { AuditService } from '../modules/audit/audit.service';
import { OperatorService } from '../modules/operators/operator.service';

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
    /** The local WeChat Pay sandbox (the only gateway this project ships). */
    wechatSandbox: SandboxWechatPay;
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
    renewals: { run(req: RenewalRunRequest): Promise<RenewalRunResult> };
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
  }
}

/** The application services, built once and reached by routes through typed decorations. */
export default fp(
  async function servicesPlugin(app: FastifyInstance, opts: { config: Config; databaseUrl: string }) {
    const { config } = opts;
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
    const sandbox = new SandboxWechatPay(secrets.derive('wechat-sandbox-merchant'));
    app.decorate('wechatSandbox', sandbox);
    app.decorate('payments', new PaymentService(sandbox, app.log));
    app.decorate('resident', new ResidentPremiumService(app.db, core, family));
    app.decorate('settlements', new SettlementService(app.db, core, family, secrets));
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
    const renewals = { run: (req: RenewalRunRequest) => runRenewals(renewalRun, req) };
    app.decorate('renewals', renewals);
    const scheduler = config.renewalSchedule
      ? new RenewalScheduler(
          opts.databaseUrl,
          config.renewalCron,
          () => enrolment.listProducts(false),
          renewals.run,
          app.log.child({ module: 'renewal-schedule' }),
        )
      : null;
    app.decorate('renewalScheduler', scheduler);
    if (scheduler) {
      // Started once the app is ready; stopped (waiting for a running job) before the database closes.
      app.addHook('onReady', () => scheduler.start());
      app.addHook('onClose', () => scheduler.stop());
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
      // HOOK (notification deliveries): the delivery-attempt table gets its target here once it is on
      // main, e.g. { name: 'notification_deliveries', days: config.retention.deliveryDays, purge: … }.
    ];
    app.decorate('retentionTargets', retentionTargets);
    if (config.retentionSchedule) {
      const retention = new RetentionScheduler(
        opts.databaseUrl,
        config.retentionCron,
        retentionTargets,
        app.log.child({ module: 'retention' }),
      );
      app.addHook('onReady', () => retention.start());
      app.addHook('onClose', () => retention.stop());
    }
    // operators and audit log (issue 15)
    const audit = new AuditService(app.db);
    app.decorate('audit', audit);
    app.decorate('operators', new OperatorService(app.db, audit, config.operatorSessionHours));
  },
  { name: 'services', dependencies: ['database'] },
);
