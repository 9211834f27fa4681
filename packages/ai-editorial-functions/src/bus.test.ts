import { describe, expect, it } from "vitest";
import { EventBus } from "./bus.js";

describe("EventBus", () => {
  it("delivers the typed payload to every listener of that event only", () => {
    const bus = new EventBus();
    const ready: string[] = [];
    const disposed: string[] = [];
    bus.on("engine:ready", (p) => ready.push(p.engineId));
    bus.on("engine:ready", (p) => ready.push(p.engineId.toUpperCase()));
    bus.on("engine:disposed", (p) => disposed.push(p.engineId));

    bus.emit("engine:ready", { engineId: "e1" });

    expect(ready).toEqual(["e1", "E1"]);
    expect(disposed).toEqual([]);
  });

  it("returns an unsubscribe function and once() fires a single time", () => {
    const bus = new EventBus();
    let count = 0;
    let onceCount = 0;
    const off = bus.on("engine:ready", () => count++);
    bus.once("engine:ready", () => onceCount++);
    bus.emit("engine:ready", { engineId: "a" });
    off();
    bus.emit("engine:ready", { engineId: "b" });
    expect(count).toBe(1);
    expect(onceCount).toBe(1);
    expect(bus.listenerCount()).toBe(0);
  });

  it("clear() leaves no listeners behind", () => {
    const bus = new EventBus();
    bus.on("engine:ready", () => undefined);
    bus.on("engine:disposed", () => undefined);
    expect(bus.listenerCount()).toBe(2);
    bus.clear();
    expect(bus.listenerCount()).toBe(0);
  });
});
