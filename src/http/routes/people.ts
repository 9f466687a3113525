import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { Db } from '../../db/create-db.js';
import type { Mediator } from '../../mediator/mediator.js';
import type { PersonCommands } from '../../people/commands/index.js';
import { etagOf } from '../../people/person.js';
import { getPeoplePage, getPerson } from '../../people/queries.js';
import {
  DEFAULT_PAGE_SIZE,
  ListPeopleQuerySchema,
  PersonIdParamsSchema,
  PersonInputSchema,
  PersonPageSchema,
  PersonSchema,
} from '../../people/schemas.js';
import { problemResponses } from '../problem.js';

export interface PeopleRoutesOptions {
  readonly db: Db;
  readonly mediator: Mediator<PersonCommands>;
}

const IdempotencyHeaders = Type.Object({
  'idempotency-key': Type.Optional(
    Type.String({
      pattern: '^[\\x21-\\x7E]{1,255}$',
      description: 'Makes a retried POST safe: the same key and body within 24 h return the first response.',
    }),
  ),
});

const IfMatchHeaders = Type.Object({
  'if-match': Type.Optional(
    Type.String({ pattern: '^\\s*(\\*|"[0-9]{1,9}")\\s*$', description: 'ETag of the version you read; 412 when stale.' }),
  ),
});

const ETagHeader = { etag: Type.String({ description: 'Current version, for If-Match' }) };

/** `"3"` -> 3; `*` or no header -> no version check. */
function expectedVersion(ifMatch: string | undefined): number | undefined {
  const match = ifMatch === undefined ? null : /"(\d+)"/.exec(ifMatch);
  return match ? Number(match[1]) : undefined;
}

/** UUIDs are case-insensitive on input; ids are stored in lower case. */
function personId(params: { readonly id: string }): string {
  return params.id.toLowerCase();
}

const peopleRoutes: FastifyPluginAsyncTypebox<PeopleRoutesOptions> = async (app, { db, mediator }) => {
  app.post(
    '/people',
    {
      schema: {
        tags: ['people'],
        summary: 'Create a person',
        description:
          'Stores the person and answers at once. A `person.created` event is written in the same transaction ' +
          'and published to SNS asynchronously, after this response; AWS never delays it.',
        headers: IdempotencyHeaders,
        body: PersonInputSchema,
        response: {
          201: Type.Object(PersonSchema.properties, { description: 'Created', headers: { location: Type.String(), ...ETagHeader } }),
          ...problemResponses(400, 409, 413, 415, 422, 503),
        },
      },
    },
    async (request, reply) => {
      const { person, replayed } = await mediator.send({
        type: 'CreatePerson',
        input: request.body,
        idempotencyKey: request.headers['idempotency-key'],
      });
      if (replayed) reply.header('idempotent-replayed', 'true');
      return reply.status(201).header('location', `/people/${person.id}`).header('etag', etagOf(person)).send(person);
    },
  );

  app.get(
    '/people',
    {
      schema: {
        tags: ['people'],
        summary: 'List people, oldest first',
        querystring: ListPeopleQuerySchema,
        response: { 200: PersonPageSchema, ...problemResponses(400, 503) },
      },
    },
    async (request) => getPeoplePage(db, request.query.limit ?? DEFAULT_PAGE_SIZE, request.query.cursor),
  );

  app.get(
    '/people/:id',
    {
      schema: {
        tags: ['people'],
        summary: 'Read a person',
        params: PersonIdParamsSchema,
        response: { 200: PersonSchema, ...problemResponses(400, 404, 503) },
      },
    },
    async (request, reply) => {
      const person = await getPerson(db, personId(request.params));
      return reply.header('etag', etagOf(person)).send(person);
    },
  );

  app.put(
    '/people/:id',
    {
      schema: {
        tags: ['people'],
        summary: 'Replace a person',
        description: 'Publishes `person.updated` asynchronously after the response.',
        params: PersonIdParamsSchema,
        headers: IfMatchHeaders,
        body: PersonInputSchema,
        response: { 200: PersonSchema, ...problemResponses(400, 404, 409, 412, 413, 415, 503) },
      },
    },
    async (request, reply) => {
      const person = await mediator.send({
        type: 'UpdatePerson',
        id: personId(request.params),
        input: request.body,
        expectedVersion: expectedVersion(request.headers['if-match']),
      });
      return reply.header('etag', etagOf(person)).send(person);
    },
  );

  app.delete(
    '/people/:id',
    {
      schema: {
        tags: ['people'],
        summary: 'Delete a person',
        description: 'Publishes `person.deleted` (with the last stored data) asynchronously after the response.',
        params: PersonIdParamsSchema,
        headers: IfMatchHeaders,
        response: { 204: Type.Null({ description: 'Deleted' }), ...problemResponses(400, 404, 412, 503) },
      },
    },
    async (request, reply) => {
      await mediator.send({
        type: 'DeletePerson',
        id: personId(request.params),
        expectedVersion: expectedVersion(request.headers['if-match']),
      });
      return reply.status(204).send(null);
    },
  );
};

export default peopleRoutes;
