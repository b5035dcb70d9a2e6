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
    const secrets = new Secrets(config.secretKey);
    const core = new LocalCore(app.db, secrets);
    const provider =
      config.authMode === 'wechat'
        ? new WechatLoginProvider(config.wechatAppId!, config.wechatSecret!, config.wechatApiOrigin)
        : new DevLoginProvider();
    app.decorate('config', config);
    app.decorate('secrets', secrets);
    app.decorate('core', core);
    app.decorate('auth', new AuthService(app.db, secrets, provider, core, config.tokenTtlSeconds));
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
    // console: registry import jobs, resumed at start, stopped before the database closes
    const registryImports = new RegistryImportService(app.db, core, secrets);
    const importLog = app.log.child({ module: 'registry-import' });
    const importRunner: ImportRunner = config.importQueue
      ? new PgBossImportRunner(opts.databaseUrl, registryImports, importLog)
      : new InProcessImportRunner(registryImports, importLog);
    app.decorate('registryImports', registryImports);
    app.decorate('importRunner', importRunner);
    app.addHook('onReady', () => importRunner.start());
    app.addHook('onClose', () => importRunner.stop());
  },
  { name: 'services', dependencies: ['database'] },
);
