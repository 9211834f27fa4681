export interface EventRef {
  readonly source: Events;
  readonly name: string;
  readonly fn: (...args: never[]) => unknown;
}

export class Events {
  readonly #handlers = new Map<string, Set<(...args: never[]) => unknown>>();
  on(name: string, fn: (...args: never[]) => unknown): EventRef {
    let set = this.#handlers.get(name);
    if (!set) this.#handlers.set(name, (set = new Set()));
    set.add(fn);
    return { source: this, name, fn };
  }
  off(name: string, fn: (...args: never[]) => unknown): void {
    this.#handlers.get(name)?.delete(fn);
  }
  offref(ref: EventRef): void {
    this.off(ref.name, ref.fn);
  }
  trigger(name: string, ...args: unknown[]): void {
    for (const fn of [...(this.#handlers.get(name) ?? [])]) (fn as (...a: unknown[]) => unknown)(...args);
  }
  tryTrigger(evt: EventRef, args: unknown[]): void {
    (evt.fn as (...a: unknown[]) => unknown)(...args);
  }
  listenerCount(): number {
    let n = 0;
    for (const s of this.#handlers.values()) n += s.size;
    return n;
  }
}

export class Component {
  #children: Component[] = [];
  #cleanups: (() => void)[] = [];
  #loaded = false;
  /** The promise of the last onload, for callers that wait for an async onload. */
  loading: Promise<void> = Promise.resolve();
  load(): void {
    if (this.#loaded) return;
    this.#loaded = true;
    this.loading = Promise.resolve(this.onload());
    for (const c of this.#children) c.load();
  }
  onload(): void | Promise<void> {}
  unload(): void {
    if (!this.#loaded) return;
    this.#loaded = false;
    for (const c of this.#children.splice(0)) c.unload();
    for (const cb of this.#cleanups.splice(0)) cb();
    this.onunload();
  }
  onunload(): void {}
  addChild<T extends Component>(c: T): T {
    this.#children.push(c);
    if (this.#loaded) c.load();
    return c;
  }
  removeChild<T extends Component>(c: T): T {
    this.#children = this.#children.filter((x) => x !== c);
    c.unload();
    return c;
  }
  register(cb: () => void): void {
    this.#cleanups.push(cb);
  }
  registerEvent(ref: EventRef): void {
    this.register(() => {
      ref.source.offref(ref);
    });
  }
  registerDomEvent(el: EventTarget, type: string, cb: (e: Event) => unknown, options?: AddEventListenerOptions | boolean): void {
    const fn = (e: Event) => void cb(e);
    el.addEventListener(type, fn, options);
    this.register(() => {
      el.removeEventListener(type, fn, options);
    });
  }
  registerInterval(id: number): number {
    this.register(() => {
      window.clearInterval(id);
    });
    return id;
  }
}
