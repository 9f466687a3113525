import { sql } from 'kysely';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachDialect } from '../helpers/dialects.js';
import { createPersonVia } from '../helpers/people-client.js';
import { expectProblem, type ProblemBody } from '../helpers/problem.js';
import { createTestApp, type TestApp } from '../helpers/test-app.js';

/** Personal data that must never reach the log, however a request fails. */
const SECRET_PERSON = {
  firstName: 'Zenobia',
  lastName: 'Quillfeather',
  email: `zenobia.quillfeather.${process.pid}@example.com`,
  dateOfBirth: '1901-02-03',
};

function expectGeneric500(problem: ProblemBody, body: string): void {
  expect(Object.keys(problem).sort()).toEqual(['correlationId', 'detail', 'instance', 'status', 'title', 'type']);
  expect(problem.title).toBe('Internal server error');
  expect(problem.detail).toBe('An unexpected error occurred; quote the correlationId when reporting it');
  // Nothing about the cause: no stack frame, no SQL, no driver message.
  expect(body).not.toMatch(/\s{2,}at |node_modules|\.ts:|\.js:/);
  expect(body).not.toMatch(/\bselect\b|\binsert\b|\bfrom "|no such table|\brelation\b|constraint|sqlite|postgres/i);
}

describeEachDialect('unexpected errors', (dialect) => {
  // A dedicated app: these tests break its database on purpose.
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(dialect);
  });
  afterAll(async () => t.close());

  function failedLogFor(correlationId: string): Record<string, unknown> | undefined {
    return t.logs.lines.find((line) => line['msg'] === 'request failed' && line['correlationId'] === correlationId);
  }

  it('a write the database rejects for a reason the code does not know -> 500, logged, no personal data in the log', async () => {
    // Schema drift: a rule added in the database behind the application's back.
    if (dialect === 'postgres') {
      await sql`alter table people add constraint people_no_zenobia check (first_name <> ${sql.lit(SECRET_PERSON.firstName)})`.execute(t.deps.db);
    } else {
      await sql`create trigger people_no_zenobia before insert on people when new.first_name = ${sql.lit(SECRET_PERSON.firstName)}
        begin select raise(abort, 'rejected by people_no_zenobia'); end`.execute(t.deps.db);
    }
    const response = await t.app.inject({ method: 'POST', url: '/people', payload: SECRET_PERSON });

    const problem = expectProblem(response, 500, '/problems/internal-error');
    expectGeneric500(problem, response.body);
    expect(response.body).not.toContain(SECRET_PERSON.email);

    const logged = failedLogFor(problem.correlationId ?? '');
    expect(logged).toMatchObject({ level: 'error', err: { message: expect.stringMatching(/people_no_zenobia/) as unknown } });
    expect(JSON.stringify(logged)).toContain('    at ');
    for (const value of Object.values(SECRET_PERSON)) expect(t.logs.raw).not.toContain(value);
    const list = await t.app.inject({ method: 'GET', url: '/people?limit=100' });
    expect(list.body).not.toContain(SECRET_PERSON.email);
  });

  it('a missing table -> GET /people/{id} 500 (a bug, not 503), the log has the stack and the SQL error', async () => {
    const person = await createPersonVia(t.app);
    await sql`drop table people`.execute(t.deps.db);

    const response = await t.app.inject({ method: 'GET', url: `/people/${person.id}` });
    const problem = expectProblem(response, 500, '/problems/internal-error');
    expectGeneric500(problem, response.body);
    expect(response.headers['retry-after']).toBeUndefined();

    const logged = failedLogFor(problem.correlationId ?? '');
    const err = logged?.['err'] as { message?: string; stack?: string } | undefined;
    expect(err?.message).toMatch(/no such table: people|relation "people" does not exist/);
    expect(err?.stack).toMatch(/\n {4}at /);
  });

  it('a missing table -> POST 500, and the person sent is not in the log', async () => {
    const response = await t.app.inject({ method: 'POST', url: '/people', payload: { ...SECRET_PERSON, firstName: 'Ottoline' } });
    const problem = expectProblem(response, 500, '/problems/internal-error');
    expectGeneric500(problem, response.body);
    expect(failedLogFor(problem.correlationId ?? '')).toBeDefined();
    for (const value of ['Ottoline', SECRET_PERSON.lastName, SECRET_PERSON.email, SECRET_PERSON.dateOfBirth]) {
      expect(t.logs.raw).not.toContain(value);
    }
  });

  it('keeps answering after 500s (the app is not wedged)', async () => {
    const live = await t.app.inject({ method: 'GET', url: '/health/live' });
    expect(live.statusCode).toBe(200);
  });
});
