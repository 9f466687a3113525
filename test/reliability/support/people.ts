import { somePerson } from '../../helpers/test-app.js';
import { send, type HttpOutcome } from './http.js';

/** The three writes of one person, each sent to another instance, one after the other. */
export interface Lifecycle {
  readonly id: string | undefined;
  /** Event types whose request was answered 2xx, in the order they were sent. */
  readonly acknowledged: readonly string[];
  readonly outcomes: readonly HttpOutcome[];
}

const STEPS = ['person.created', 'person.updated', 'person.deleted'] as const;

/** POST to `urls[0]`, PUT to `urls[1]`, DELETE to `urls[2]`; stops at the first failure. */
export async function createUpdateDelete(urls: readonly [string, string, string], timeoutMs = 10_000): Promise<Lifecycle> {
  const acknowledged: string[] = [];
  const outcomes: HttpOutcome[] = [];
  const json = { 'content-type': 'application/json' };
  const created = await send({ method: 'POST', url: `${urls[0]}/people`, headers: json, body: JSON.stringify(somePerson()), timeoutMs });
  outcomes.push(created);
  if (created.kind !== 'response' || created.status !== 201) return { id: undefined, acknowledged, outcomes };
  acknowledged.push(STEPS[0]);
  const id = (JSON.parse(created.body) as { id: string }).id;
  const updated = await send({
    method: 'PUT',
    url: `${urls[1]}/people/${id}`,
    headers: { ...json, 'if-match': '"1"' },
    body: JSON.stringify(somePerson({ firstName: 'Updated' })),
    timeoutMs,
  });
  outcomes.push(updated);
  if (updated.kind !== 'response' || updated.status !== 200) return { id, acknowledged, outcomes };
  acknowledged.push(STEPS[1]);
  const deleted = await send({ method: 'DELETE', url: `${urls[2]}/people/${id}`, headers: { 'if-match': '"2"' }, timeoutMs });
  outcomes.push(deleted);
  if (deleted.kind === 'response' && deleted.status === 204) acknowledged.push(STEPS[2]);
  return { id, acknowledged, outcomes };
}

export const LIFECYCLE_ORDER: readonly string[] = STEPS;

/** Runs `task(i)` for i in [0, count) with at most `concurrency` at a time. */
export async function forEachLimited(count: number, concurrency: number, task: (i: number) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < count) {
      const i = next++;
      await task(i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, count) }, worker));
}
