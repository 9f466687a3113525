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

const ENTITY_TAG = '(W/)?"[\\x21\\x23-\\x7E]*"';

const IfMatchHeaders = Type.Object({
  'if-match': Type.Optional(
    Type.String({
      maxLength: 1_024,
      pattern: `^\\s*(\\*|${ENTITY_TAG}(\\s*,\\s*${ENTITY_TAG})*)\\s*$`,
      description:
        'The ETag of the version you read, e.g. `"3"`, or several (`"3", "4"`), or `*`; 412 unless one is the current version. ' +
        'Weak ETags (`W/"3"`) never match (RFC 9110 strong comparison).',
    }),
  ),
});

const ETagHeader = { etag: Type.String({ description: 'Current version, for If-Match' }) };

/**
 * If-Match -> the versions it accepts: `*` or no header -> undefined (no check); otherwise the
 * versions of its strong ETags, e.g. `"3", W/"4", "x"` -> [3]. Weak and foreign ETags never
 * match, so a header of only those accepts nothing (412 for an existing person).
 */
function expectedVersions(ifMatch: string | undefined): readonly number[] | undefined {
  if (ifMatch === undefined || ifMatch.trim() === '*') return undefined;
  return [...ifMatch.matchAll(/(W\/)?"([^"]*)"/g)].flatMap(([, weak, tag = '']) => (weak === undefined && /^[0-9]{1,9}$/.test(tag) ? [Number(tag)] : []));
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
        expectedVersions: expectedVersions(request.headers['if-match']),
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
        expectedVersions: expectedVersions(request.headers['if-match']),
      });
      return reply.status(204).send(null);
    },
  );
};

export default peopleRoutes;
