/** Per-engine id generator: no module-level counter, so engines start clean. */
export class IdSource {
  #n = 0;
  readonly #prefix: string;

  constructor(prefix: string) {
    this.#prefix = prefix;
  }

  next(kind: string): string {
    this.#n += 1;
    return `${kind}-${this.#prefix}-${this.#n.toString(36)}`;
  }
}

export function randomPrefix(): string {
  return Math.floor(Math.random() * 0x7fffffff).toString(36);
}
