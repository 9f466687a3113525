import type { Transaction } from 'kysely';
import type { Database } from '../db/schema.js';

/** What a command handler emits: a fact about one aggregate, with the stored data. */
export interface DomainEvent<TData = unknown> {
  readonly type: string;
  readonly aggregateType: string;
  readonly aggregateId: string;
  readonly data: TData;
}

/** A domain event once committed: it has an id and the context it was raised in. */
export interface CommittedEvent<TData = unknown> extends DomainEvent<TData> {
  readonly id: string;
  readonly occurredAt: string;
  readonly correlationId: string;
  readonly traceparent: string | null;
}

export interface CommandContext {
  readonly trx: Transaction<Database>;
  readonly now: Date;
  /** Queues an event; the mediator writes it to the outbox in this transaction. */
  readonly emit: (event: DomainEvent) => void;
}

export interface Command {
  readonly type: string;
}

/** Maps each command type to its payload and result, e.g. `{ CreatePerson: { command: ..., result: ... } }`. */
export type CommandMap = Record<string, { command: Command; result: unknown }>;

export type CommandHandlers<C extends CommandMap> = {
  readonly [K in keyof C]: (command: C[K]['command'], context: CommandContext) => Promise<C[K]['result']>;
};

export type CommandOf<C extends CommandMap> = C[keyof C]['command'];
export type ResultOf<C extends CommandMap, T extends Command> = T['type'] extends keyof C ? C[T['type']]['result'] : never;

export type EventHandler = (event: CommittedEvent) => void | Promise<void>;

/** Where emitted events are stored inside the command's transaction (the outbox). */
export interface EventStore {
  append(trx: Transaction<Database>, events: readonly CommittedEvent[]): Promise<void>;
}
