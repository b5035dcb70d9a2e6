import type { FastifyInstance } from 'fastify';
import { serve } from '../lib/contract';
import {
  API,
  type OrderResponse,
  type PolicyDocumentResponse,
  type ProductResponse,
  type QuoteResponse,
} from '@puhui/shared';
import { createOrder } from '../flows/create-order';
import { payOrder } from '../flows/pay-order';
import { parseDto } from '../lib/validation';
import { idempotencyHeader, schemaOf } from '../lib/schema';
import { personIdOf } from '../plugins/auth';
import {
  checkInsuredRefs,
  checkProductDates,
  CreateOrderDto,
  OrderParamsDto,
  PayOrderDto,
  PolicyDocumentParamsDto,
  ProductDto,
  ProductParamsDto,
  ProductsQueryDto,
  QuoteDto,
} from '../modules/enrolment/dto';
import { checkEditionContent } from '../modules/enrolment/edition-content.dto';
import { perUserLimit } from '../lib/limits';

/** 立即投保: editions, quotes, orders, payment, policies. */
export default async function enrolmentRoutes(app: FastifyInstance) {
  const user = (summary: string, extra: Record<string, unknown> = {}) => ({
    schema: { tags: ['enrolment'], summary, security: [{ user: [] }], ...extra },
    preHandler: app.requirePerson,
  });

  serve(
    app,
    API.listProducts,
    {
      schema: {
        tags: ['enrolment'],
        summary: 'Editions of 北京普惠健康保',
        querystring: schemaOf(ProductsQueryDto),
      },
    },
    async (request) => {
      const { open } = parseDto(ProductsQueryDto, request.query);
      return app.enrolment.listProducts(open === 'true');
    },
  );

  serve(
    app,
    API.getProduct,
    {
      schema: {
        tags: ['enrolment'],
        summary: 'One edition with its texts (保障责任, 条款, 理赔指引 …), open or not',
        params: schemaOf(ProductParamsDto),
      },
    },
    async (request) => {
      const { code } = parseDto(ProductParamsDto, request.params);
      return { product: await app.enrolment.getProduct(code) } satisfies ProductResponse;
    },
  );

  serve(
    app,
    API.putProduct,
    {
      schema: {
        tags: ['admin'],
        summary: 'Create or update an edition',
        params: schemaOf(ProductParamsDto),
        body: schemaOf(ProductDto),
        security: [{ admin: [] }],
      },
      preHandler: app.requireAdmin,
    },
    async (request) => {
      const { code } = parseDto(ProductParamsDto, request.params);
      const body = parseDto(ProductDto, request.body);
      checkProductDates(body);
      checkEditionContent(body.content, body.sumInsuredFen);
      return { product: await app.enrolment.putProduct(code, body, app.auditFor(request)) };
    },
  );

  serve(
    app,
    API.quote,
    user('Eligibility, price and payment options per person', { body: schemaOf(QuoteDto) }),
    async (request) => {
      const body = parseDto(QuoteDto, request.body);
      checkInsuredRefs(body.insured);
      return (await app.enrolment.quote(
        request.user!,
        body.productCode,
        body.insured,
      )) satisfies QuoteResponse;
    },
  );

  serve(
    app,
    API.createOrder,
    user('Create an order (PENDING_PAYMENT)', { body: schemaOf(CreateOrderDto), headers: idempotencyHeader }),
    async (request, reply) => {
      const body = parseDto(CreateOrderDto, request.body);
      checkInsuredRefs(body.insured);
      const req = app.idempotency.request(`user:${request.user!.id}`, request);
      const r = await createOrder(app, request.user!, body, req);
      return reply.status(r.status).send(r.body);
    },
  );

  serve(
    app,
    API.getOrder,
    user('One of my orders', { params: schemaOf(OrderParamsDto) }),
    async (request) => {
      const { id } = parseDto(OrderParamsDto, request.params);
      await app.enrolment.ownOrder(request.user!, id);
      return { order: await app.enrolment.orderView(id, personIdOf(request)) } satisfies OrderResponse;
    },
  );

  serve(
    app,
    API.payOrder,
    {
      ...user('Pay an order: 个账 with the payment password, or WeChat Pay (prepay)', {
        params: schemaOf(OrderParamsDto),
        body: schemaOf(PayOrderDto),
        headers: idempotencyHeader,
      }),
      config: perUserLimit(app.config.rateLimits.password),
    },
    async (request, reply) => {
      const { id } = parseDto(OrderParamsDto, request.params);
      const body = parseDto(PayOrderDto, request.body ?? {});
      const req = app.idempotency.request(`user:${request.user!.id}`, request);
      const r = await payOrder(app, request.user!, id, body, req);
      return reply.status(r.status).send(r.body);
    },
  );

  serve(
    app,
    API.listPolicies,
    user('我的保单: policies I applied for, paid for or am covered by'),
    async (request) => app.enrolment.listPolicies(personIdOf(request)),
  );

  serve(
    app,
    API.getPolicyDocument,
    user('电子保单: one policy as its document shows it (applicant, payer or insured only)', {
      params: schemaOf(PolicyDocumentParamsDto),
    }),
    async (request) => {
      const { policyNo } = parseDto(PolicyDocumentParamsDto, request.params);
      return {
        policy: await app.enrolment.policyDocument(personIdOf(request), policyNo),
      } satisfies PolicyDocumentResponse;
    },
  );
}
