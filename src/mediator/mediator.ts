import type { Db } from '../db/create-db.js';
import { newId } from '../lib/ids.js';
import type { Logger } from '../lib/logger.js';
import { currentContext, traceparentFrom, correlationIdFrom } from '../lib/request-context.js';
import type {
  CommandContext,
  CommandHandlers,
  CommandMap,
  CommandOf,
  CommittedEvent,
  DomainEvent,
  EventHandler,
  EventStore,
  ResultOf,
} from './types.js';

export interface MediatorOptions<C extends CommandMap> {
  readonly db: Db;
  readonly logger: Logger;
  /** Every command type the app sends; each must have a handler or construction fails. */
  readonly commandTypes: readonly (keyof C & string)[];
  readonly handlers: CommandHandlers<C>;
  readonly eventStore: EventStore;
  readonly clock?: () => Date;
}

export class MissingHandlerError extends Error {
  constructor(commandType: string) {
    super(`No handler registered for command ${commandType}`);
    this.name = 'MissingHandlerError';
  }
}

/**
 * The MediatR role: `send` runs a command's one handler inside one transaction and stores the
 * events it emits in that same transaction; `publish` hands committed events to in-process
 * handlers once the transaction is durable.
 */
export class Mediator<C extends CommandMap> {
  private readonly eventHandlers = new Map<string, EventHandler[]>();
  private readonly clock: () => Date;

  constructor(private readonly options: MediatorOptions<C>) {
    for (const type of options.commandTypes) {
      if (typeof options.handlers[type] !== 'function') throw new MissingHandlerError(type);
    }
    this.clock = options.clock ?? (() => new Date());
  }

  /** Registers an in-process handler for an event type, or for every event with `'*'`. */
  subscribe(eventType: string, handler: EventHandler): void {
    this.eventHandlers.set(eventType, [...(this.eventHandlers.get(eventType) ?? []), handler]);
  }

  async send<T extends CommandOf<C>>(command: T): Promise<ResultOf<C, T>> {
    const handler = this.options.handlers[command.type as keyof C];
    if (typeof handler !== 'function') throw new MissingHandlerError(command.type);
    const emitted: DomainEvent[] = [];
    const now = this.clock();
    const { result, committed } = await this.options.db.transaction().execute(async (trx) => {
      const context: CommandContext = { trx, now, emit: (event) => emitted.push(event) };
      const handlerResult = (await handler(command, context)) as ResultOf<C, T>;
      const events = emitted.map((event) => this.commit(event, now));
      if (events.length > 0) await this.options.eventStore.append(trx, events);
      return { result: handlerResult, committed: events };
    });
    for (const event of committed) {
      this.options.logger.info(
        { eventId: event.id, eventType: event.type, aggregateId: event.aggregateId, correlationId: event.correlationId },
        'event enqueued',
      );
      await this.publish(event);
    }
    return result;
  }

  /** Runs after commit: a failing handler is logged and never fails the command. */
  async publish(event: CommittedEvent): Promise<void> {
    const handlers = [...(this.eventHandlers.get(event.type) ?? []), ...(this.eventHandlers.get('*') ?? [])];
    for (const handler of handlers) {
      try {
        await handler(event);
      } catch (error) {
        this.options.logger.warn({ err: error, eventId: event.id, eventType: event.type }, 'event handler failed');
      }
    }
  }

  private commit(event: DomainEvent, now: Date): CommittedEvent {
    const context = currentContext();
    return {
      ...event,
      id: newId(),
      occurredAt: now.toISOString(),
      correlationId: context?.correlationId ?? correlationIdFrom(undefined),
      traceparent: context?.traceparent ?? traceparentFrom(undefined),
    };
  }
}
