import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import type { Config } from '../config';
import { Secrets } from '../lib/crypto';
import { AuthService } from '../modules/auth/auth.service';
import { DevLoginProvider, WechatLoginProvider } from '../modules/auth/login-providers';
import { IdempotencyService } from '../modules/idempotency/idempotency.service';
import { LocalCore, type MedicalInsuranceCore } from '../modules/registry/registry.service';
import { FamilyService } from '../modules/family/family.service';

declare module 'fastify' {
  interface FastifyInstance {
    config: Config;
    secrets: Secrets;
    core: MedicalInsuranceCore;
    auth: AuthService;
    idempotency: IdempotencyService;
    family: FamilyService;
  }
}

/** The application services, built once and reached by routes through typed decorations. */
export default fp(
  async function servicesPlugin(app: FastifyInstance, opts: { config: Config }) {
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
  },
  { name: 'services', dependencies: ['database'] },
);
