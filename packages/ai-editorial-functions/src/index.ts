export { EventBus } from "./bus.js";
export type { BusEventName, BusEvents } from "./events.js";
