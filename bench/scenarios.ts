import type { FakeFaults } from './fake-aws.js';

export type ScenarioName = 'no-events' | 'outbox-healthy' | 'outbox-sns-slow' | 'outbox-sns-hang' | 'outbox-sns-down' | 'inline-await';

export interface ScenarioSpec {
  readonly name: ScenarioName;
  readonly description: string;
  /** The product, or the bench-only variant that awaits SNS inside the request. */
  readonly variant: 'product' | 'inline-await';
  readonly eventsEnabled: boolean;
  readonly faults: FakeFaults;
  readonly snsDown: boolean;
  /** Its dispatcher keeps publishing to a healthy SNS after the requests: wait for it between measurements. */
  readonly deliversInBackground: boolean;
}

/** The POST /people scenarios, in the order they run and print. */
export const SCENARIOS: readonly ScenarioSpec[] = [
  {
    name: 'no-events',
    description: 'EVENTS_ENABLED=false: the database write alone (the floor)',
    variant: 'product',
    eventsEnabled: false,
    faults: {},
    snsDown: false,
    deliversInBackground: false,
  },
  {
    name: 'outbox-healthy',
    description: 'outbox row in the same transaction + dispatcher; fake SNS answers at once',
    variant: 'product',
    eventsEnabled: true,
    faults: {},
    snsDown: false,
    deliversInBackground: true,
  },
  {
    name: 'outbox-sns-slow',
    description: 'fake SNS answers each call after 2 s',
    variant: 'product',
    eventsEnabled: true,
    faults: { delayMs: 2_000 },
    snsDown: false,
    deliversInBackground: false,
  },
  {
    name: 'outbox-sns-hang',
    description: 'fake SNS never answers (SNS_REQUEST_TIMEOUT_MS cuts each call)',
    variant: 'product',
    eventsEnabled: true,
    faults: { hang: true },
    snsDown: false,
    deliversInBackground: false,
  },
  {
    name: 'outbox-sns-down',
    description: 'nothing listens on the SNS endpoint (connection refused)',
    variant: 'product',
    eventsEnabled: true,
    faults: {},
    snsDown: true,
    deliversInBackground: false,
  },
  {
    name: 'inline-await',
    description: 'bench-only naive design: awaits SNS Publish in the request (fake SNS 50 ms)',
    variant: 'inline-await',
    eventsEnabled: false,
    faults: { delayMs: 50 },
    snsDown: false,
    deliversInBackground: false,
  },
];

export function scenario(name: ScenarioName): ScenarioSpec {
  const spec = SCENARIOS.find((s) => s.name === name);
  if (!spec) throw new Error(`unknown scenario ${name}`);
  return spec;
}
