export { startFakeModelServer } from "./fake-server.js";
export type { FakeBehaviour, FakeModelServer, FakeServerOptions, FakeUsage, Protocol, RecordedRequest } from "./fake-server.js";
