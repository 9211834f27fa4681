import type { RouterEventMap, RouterEventName, RouterEvents, RouterListener } from "./router-types.js";

/**
 * A tiny typed emitter (no dependency, works in the renderer). A throwing
 * listener is reported through `onListenerError` and never breaks a request.
 */
export class TypedEmitter implements RouterEvents {
  readonly #listeners = new Map<RouterEventName, Set<(event: never) => void>>();
  readonly #onListenerError: (error: unknown) => void;

  constructor(onListenerError: (error: unknown) => void = () => undefined) {
    this.#onListenerError = onListenerError;
  }

  on<K extends RouterEventName>(name: K, listener: RouterListener<K>): () => void {
    let set = this.#listeners.get(name);
    if (!set) {
      set = new Set();
      this.#listeners.set(name, set);
    }
    set.add(listener);
    return () => {
      this.off(name, listener);
    };
  }

  off<K extends RouterEventName>(name: K, listener: RouterListener<K>): void {
    this.#listeners.get(name)?.delete(listener);
  }

  once<K extends RouterEventName>(name: K, listener: RouterListener<K>): () => void {
    const off = this.on(name, (event) => {
      off();
      listener(event);
    });
    return off;
  }

  /** True when someone listens; lets hot paths skip building event objects. */
  has(name: RouterEventName): boolean {
    return (this.#listeners.get(name)?.size ?? 0) > 0;
  }

  emit<K extends RouterEventName>(name: K, event: RouterEventMap[K]): void {
    const set = this.#listeners.get(name);
    if (!set) return;
    for (const listener of [...set] as RouterListener<K>[]) {
      try {
        listener(event);
      } catch (error) {
        this.#onListenerError(error);
      }
    }
  }

  clear(): void {
    this.#listeners.clear();
  }
}
