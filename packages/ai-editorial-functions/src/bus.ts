import { EventEmitter } from "eventemitter3";
import type { BusEventName, BusEvents } from "./events.js";

type Listener<K extends BusEventName> = (payload: BusEvents[K]) => void;

/**
 * The one global event bus of an engine instance. A thin typed wrapper over
 * eventemitter3: each event carries exactly one payload object, so listeners
 * are `(payload) => void` and the map in events.ts is the whole contract.
 */
export class EventBus {
  readonly #emitter = new EventEmitter();

  on<K extends BusEventName>(event: K, listener: Listener<K>): () => void {
    this.#emitter.on(event, listener);
    return () => this.#emitter.off(event, listener);
  }

  once<K extends BusEventName>(event: K, listener: Listener<K>): () => void {
    this.#emitter.once(event, listener);
    return () => this.#emitter.off(event, listener);
  }

  emit<K extends BusEventName>(event: K, payload: BusEvents[K]): void {
    this.#emitter.emit(event, payload);
  }

  listenerCount(event?: BusEventName): number {
    if (event !== undefined) return this.#emitter.listenerCount(event);
    return this.#emitter.eventNames().reduce((n, name) => n + this.#emitter.listenerCount(name), 0);
  }

  /** Drops every listener; the engine calls this last when it is disposed. */
  clear(): void {
    this.#emitter.removeAllListeners();
  }
}
