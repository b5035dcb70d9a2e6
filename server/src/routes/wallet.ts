import type { FastifyInstance } from 'fastify';
import { serve } from '../lib/contract';
import { API } from '@puhui/shared';
import { parseDto } from '../lib/validation';
import { idempotencyHeader, schemaOf } from '../lib/schema';
import { now } from '../lib/clock';
import { personIdOf } from '../plugins/auth';
import { perUserLimit } from '../lib/limits';
import { TransferParamsDto, WalletExpireDto, WalletTransferDto } from '../modules/wallet/dto';
import { sendWalletTransfer } from '../flows/send-wallet-transfer';
import { acceptWalletTransfer } from '../flows/accept-wallet-transfer';
import { expireWalletTransfers } from '../flows/expire-wallet-transfers';
import { payOwnResidentPremium } from '../flows/pay-own-resident-premium';
import { PayableQueryDto, WalletResidentPremiumDto } from '../modules/resident/dto';
import { beijingDate } from '../lib/clock';

/** 医保钱包: activate my wallet, send to a 近亲属's wallet in another province, accept; the 06:00 expiry. */
export default async function walletRoutes(app: FastifyInstance) {
  const user = (summary: string, extra: Record<string, unknown> = {}) => ({
    schema: { tags: ['wallet'], summary, security: [{ user: [] }], ...extra },
    preHandler: app.requirePerson,
  });

  serve(app, API.activateWallet, user('开通医保钱包 (the receiver’s side)'), async (request) => ({
    wallet: await app.wallet.activate(personIdOf(request)),
  }));

  serve(
    app,
    API.wallet,
    user('My wallet, transfers to and from me, and the sending limits'),
    async (request) => app.wallet.overview(personIdOf(request), now()),
  );

  serve(
    app,
    API.sendWalletTransfer,
    {
      ...user('Send from my 个账 to a 近亲属’s wallet in another province (held until accepted)', {
        body: schemaOf(WalletTransferDto),
        headers: idempotencyHeader,
      }),
      config: perUserLimit(app.config.rateLimits.password),
    },
    async (request, reply) => {
      const body = parseDto(WalletTransferDto, request.body);
      const scope = `user:${request.user!.id}`;
      const r = await sendWalletTransfer(
        app,
        personIdOf(request),
        body,
        app.idempotency.request(scope, request),
      );
      return reply.status(r.status).send(r.body);
    },
  );

  serve(
    app,
    API.acceptWalletTransfer,
    user('Accept a transfer to my wallet (receiver only)', {
      params: schemaOf(TransferParamsDto),
      headers: idempotencyHeader,
    }),
    async (request, reply) => {
      const { id } = parseDto(TransferParamsDto, request.params);
      const scope = `user:${request.user!.id}`;
      const r = await acceptWalletTransfer(
        app,
        personIdOf(request),
        id,
        app.idempotency.request(scope, request),
      );
      return reply.status(r.status).send(r.body);
    },
  );

  serve(
    app,
    API.expireWalletTransfers,
    {
      schema: {
        tags: ['admin'],
        summary: 'Void transfers not accepted by 06:00 the next day (what the daily job does)',
        body: schemaOf(WalletExpireDto),
        security: [{ admin: [] }],
      },
      preHandler: app.requireAdmin,
    },
    async (request) => {
      const { asOf } = parseDto(WalletExpireDto, request.body);
      return expireWalletTransfers(
        { ds: app.db, wallet: app.wallet, notifications: app.notifications },
        asOf ? new Date(asOf) : undefined,
        app.auditFor(request),
      );
    },
  );

  serve(
    app,
    API.walletResidentPayable,
    user('My own resident premium for a year from my wallet: amount, 待遇等待期, balance', {
      querystring: schemaOf(PayableQueryDto),
    }),
    async (request) => {
      const { year } = parseDto(PayableQueryDto, request.query);
      const personId = personIdOf(request);
      const [own, wallet] = await Promise.all([
        app.resident.ownPayable(personId, year, beijingDate()),
        app.wallet.walletView(personId),
      ]);
      return {
        year,
        person: app.core.personView(own.person),
        category: own.category,
        amountFen: own.amountFen,
        paid: own.paid,
        waitingMonths: own.waitingMonths,
        benefitsFrom: own.benefitsFrom,
        balanceFen: wallet.balanceFen,
        enough: own.amountFen !== null && wallet.activated && wallet.balanceFen >= own.amountFen,
      };
    },
  );

  serve(
    app,
    API.payResidentPremiumFromWallet,
    user('缴居民医保 from my 医保钱包 (the owner’s own premium for a year)', {
      body: schemaOf(WalletResidentPremiumDto),
      headers: idempotencyHeader,
    }),
    async (request, reply) => {
      const body = parseDto(WalletResidentPremiumDto, request.body);
      const r = await payOwnResidentPremium(
        app,
        personIdOf(request),
        body,
        app.idempotency.request(`user:${request.user!.id}`, request),
      );
      return reply.status(r.status).send(r.body);
    },
  );
}
