import type { FastifyInstance } from 'fastify';
import { serve } from '../lib/contract';
import { API } from '@puhui/shared';
import { parseDto } from '../lib/validation';
import { schemaOf } from '../lib/schema';
import { checkCounterDocuments, CounterBindingDto, PersonLookupDto } from '../modules/operators/dto';
import { lookupPerson } from '../flows/lookup-person';
import { counterBindRelative } from '../flows/counter-bind-relative';

/** The hotline's and the counter's work: 查询参保人 (with a reason) and 窗口办理. */
export default async function counterRoutes(app: FastifyInstance) {
  serve(
    app,
    API.lookupPerson,
    {
      schema: {
        tags: ['admin'],
        summary: 'Look a person up (COUNTER): masked; audited with the reason',
        body: schemaOf(PersonLookupDto),
        security: [{ admin: [] }],
      },
    },
    async (request) => lookupPerson(app, parseDto(PersonLookupDto, request.body), app.auditFor(request)),
  );

  serve(
    app,
    API.counterBindRelative,
    {
      schema: {
        tags: ['admin'],
        summary: '窗口办理: bind a relative at the counter, with the documents seen (COUNTER)',
        body: schemaOf(CounterBindingDto),
        security: [{ admin: [] }],
      },
    },
    async (request, reply) => {
      const body = parseDto(CounterBindingDto, request.body);
      checkCounterDocuments(body);
      return reply.status(201).send(await counterBindRelative(app, body, app.auditFor(request)));
    },
  );
}
