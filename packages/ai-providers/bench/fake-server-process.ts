// Runs the fake model server in its own process for the routing benchmark,
// so server work doesn't share an event loop with the client being measured.
// Model "hang" never answers. Prints "READY <url>" when listening; exits when
// stdin closes (i.e. when the parent goes away).
import { startFakeModelServer } from "../src/testing/fake-server.js";

const server = await startFakeModelServer({ echo: false });
server.script("hang", { kind: "hang" });
process.stdout.write(`READY ${server.url}\n`);
process.stdin.resume();
process.stdin.on("end", () => {
  void server.close().then(() => process.exit(0));
});
