import { STATUS_CODES } from 'node:http';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { Type, type Static, type TSchema } from 'typebox';
import { isDatabaseUnavailable } from '../db/errors.js';
import { AppError, type FieldError } from '../lib/app-error.js';

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

export const ProblemSchema = Type.Object(
  {
    type: Type.String({ description: 'URI reference naming the kind of problem', examples: ['/problems/validation-failed'] }),
    title: Type.String(),
    status: Type.Integer(),
    detail: Type.String(),
    instance: Type.Optional(Type.String()),
    correlationId: Type.Optional(Type.String()),
    errors: Type.Optional(
      Type.Array(Type.Object({ pointer: Type.String({ examples: ['/body/email'] }), message: Type.String() })),
    ),
  },
  { description: 'RFC 9457 problem details' },
);
export type Problem = Static<typeof ProblemSchema>;

/** Fastify's own client errors, with the problem type each becomes. */
const FASTIFY_CODES: Record<string, string> = {
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'unsupported-media-type',
  FST_ERR_CTP_BODY_TOO_LARGE: 'payload-too-large',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'malformed-json',
  FST_ERR_CTP_INVALID_JSON_BODY: 'malformed-json',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'bad-request',
};

export function problemOf(error: unknown, request: FastifyRequest): Problem {
  const base = { instance: request.url.split('?')[0], correlationId: request.id };
  if (error instanceof AppError) {
    return { type: `/problems/${error.code}`, title: error.title, status: error.status, detail: error.message, ...base, ...error.extensions };
  }
  const fastifyError = error as Partial<FastifyError> & { validationContext?: string };
  if (fastifyError.validation) {
    const errors = onePerField(fastifyError.validation.map((issue) => fieldError(fastifyError.validationContext ?? 'body', issue)));
    return { type: '/problems/validation-failed', title: 'Your request is not valid', status: 400, detail: summary(errors), errors, ...base };
  }
  const status = fastifyError.statusCode ?? 500;
  if (status >= 400 && status < 500) {
    const code = (fastifyError.code && FASTIFY_CODES[fastifyError.code]) ?? (error instanceof SyntaxError ? 'malformed-json' : 'bad-request');
    return { type: `/problems/${code}`, title: STATUS_CODES[status] ?? 'Bad request', status, detail: fastifyError.message ?? '', ...base };
  }
  if (isDatabaseUnavailable(error)) {
    return { type: '/problems/service-unavailable', title: 'Service temporarily unavailable', status: 503, detail: 'The database is not available; retry shortly', ...base };
  }
  // Anything else is our bug: say nothing about it beyond the correlation id to quote.
  return { type: '/problems/internal-error', title: 'Internal server error', status: 500, detail: 'An unexpected error occurred; quote the correlationId when reporting it', ...base };
}

// Plainer words than ajv's for the keywords whose default message shows a regular expression.
const FRIENDLY_MESSAGES: Record<string, string> = {
  additionalProperties: 'is not a known field',
  pattern: 'contains characters that are not allowed here, or is blank',
};

interface AjvIssue {
  keyword: string;
  instancePath: string;
  message?: string;
  params: Record<string, unknown>;
}

function fieldError(part: string, issue: AjvIssue): FieldError {
  const missing = issue.params['missingProperty'] ?? issue.params['additionalProperty'];
  const path = typeof missing === 'string' ? `${issue.instancePath}/${missing}` : issue.instancePath;
  const message = FRIENDLY_MESSAGES[issue.keyword] ?? issue.message ?? 'is not valid';
  return { pointer: `/${part}${path}`, message };
}

/**
 * ajv reports one field several times (a blank name breaks minLength and pattern; a bad
 * `dateOfBirth` fails each branch of its union and the union itself): keep the first, most
 * specific message for each pointer.
 */
function onePerField(errors: readonly FieldError[]): FieldError[] {
  const byPointer = new Map<string, FieldError>();
  for (const error of errors) if (!byPointer.has(error.pointer)) byPointer.set(error.pointer, error);
  return [...byPointer.values()];
}

function summary(errors: readonly FieldError[]): string {
  return errors.map((e) => `${e.pointer} ${e.message}`).join('; ');
}

export function sendProblem(reply: FastifyReply, problem: Problem): FastifyReply {
  if (problem.status === 503) reply.header('retry-after', '1');
  return reply.status(problem.status).type(PROBLEM_CONTENT_TYPE).send(problem);
}

export interface ProblemResponse<T extends TSchema> {
  readonly description: string;
  readonly content: { readonly [PROBLEM_CONTENT_TYPE]: { readonly schema: T } };
}

/** A response served as application/problem+json (as sendProblem sends it), for OpenAPI and the serializer. */
export function problemResponse<T extends TSchema>(description: string, schema: T): ProblemResponse<T> {
  return { description, content: { [PROBLEM_CONTENT_TYPE]: { schema } } };
}

/** The error responses a route can give, for its OpenAPI description and serializer. */
export function problemResponses(...statuses: number[]): Record<number, ProblemResponse<typeof ProblemSchema>> {
  return Object.fromEntries(
    statuses.map((status) => [status, problemResponse(STATUS_CODES[status] ?? 'Error', ProblemSchema)]),
  );
}
