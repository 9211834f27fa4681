/**
 * Every event on Redline's global bus and its payload type, in one place.
 *
 * Leaf packages (ai-providers, track-edits) emit their own typed events; the
 * engine's bridges re-emit them here under the `provider:` and `edits:`
 * prefixes, so a listener needs to know only this map.
 */
export interface BusEvents {
  /** The engine finished wiring its managers and is ready for runs. */
  "engine:ready": { readonly engineId: string };
  /** The engine is being disposed; listeners must release what they hold. */
  "engine:disposed": { readonly engineId: string };
}

export type BusEventName = keyof BusEvents;
