import { EventEmitter } from 'node:events';

/** An EventEmitter whose event names and payloads are checked by the compiler. */
export class TypedEvents<Events extends Record<string, (...args: never[]) => void>> {
  readonly #emitter = new EventEmitter({ captureRejections: false });

  constructor() {
    this.#emitter.setMaxListeners(100);
  }

  on<E extends keyof Events & string>(event: E, listener: Events[E]): () => void {
    this.#emitter.on(event, listener as unknown as (...args: unknown[]) => void);
    return () => this.#emitter.off(event, listener as unknown as (...args: unknown[]) => void);
  }

  emit<E extends keyof Events & string>(event: E, ...args: Parameters<Events[E]>): void {
    this.#emitter.emit(event, ...args);
  }
}
