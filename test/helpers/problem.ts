import type { LightMyRequestResponse as InjectResponse } from 'fastify';
import { expect } from 'vitest';

export interface ProblemBody {
  readonly type: string;
  readonly title: string;
  readonly status: number;
  readonly detail: string;
  readonly instance?: string;
  readonly correlationId?: string;
  readonly errors?: readonly { readonly pointer: string; readonly message: string }[];
  readonly [extension: string]: unknown;
}

/**
 * Asserts an RFC 9457 response: the status, the problem+json media type, the `type`, a title
 * and a detail, and (when the app knows it) the correlation id that the header carries too.
 */
export function expectProblem(response: InjectResponse, status: number, type: string): ProblemBody {
  expect(response.statusCode, response.body).toBe(status);
  expect(response.headers['content-type']).toMatch(/^application\/problem\+json(;|$)/);
  const problem = response.json<ProblemBody>();
  expect(problem).toMatchObject({ type, status, title: expect.stringMatching(/\S/) as unknown, detail: expect.any(String) as unknown });
  if (problem.correlationId !== undefined) expect(problem.correlationId).toBe(response.headers['x-correlation-id']);
  return problem;
}

/** The pointers of a validation problem's `errors`, sorted, each appearing once. */
export function errorPointers(problem: ProblemBody): string[] {
  const pointers = (problem.errors ?? []).map((error) => error.pointer);
  expect(new Set(pointers).size, `duplicate pointers in ${JSON.stringify(problem.errors)}`).toBe(pointers.length);
  return pointers.sort();
}
