import type { RouterEventMap, RouterEventName, RouterEvents } from "@redline/ai-providers";
import type { EventBus } from "../bus.js";

/** ai-providers' router events, re-emitted on the bus as `provider:<name>`. */
export type ProviderBusEvents = { readonly [K in RouterEventName as `provider:${K}`]: RouterEventMap[K] };

export const ROUTER_EVENT_NAMES = [
  "attempt",
  "attempt-failed",
  "retry",
  "fallback",
  "target-skipped",
  "breaker",
  "cache-hit",
  "dedup",
  "cost",
  "budget-refused",
  "success",
  "failure",
] as const satisfies readonly RouterEventName[];

/** Subscribes to every router event; returns the unsubscribe. */
export function bridgeRouterEvents(events: RouterEvents, bus: EventBus): () => void {
  const offs = ROUTER_EVENT_NAMES.map((name) => forward(events, bus, name));
  return () => {
    for (const off of offs) off();
  };
}

function forward(events: RouterEvents, bus: EventBus, name: RouterEventName): () => void {
  // The bus map is derived from RouterEventMap key by key, so the payload type matches by construction.
  const emit = bus.emit.bind(bus) as (n: string, p: unknown) => void;
  return events.on(name, (payload: unknown) => {
    emit(`provider:${name}`, payload);
  });
}
