import { fileURLToPath } from "node:url";
import { serveDirectory } from "./server.js";

const dist = fileURLToPath(new URL("../dist", import.meta.url));
const port = Number(process.env.PORT ?? 5173);
const srv = await serveDirectory(dist, port);
console.log(`Redline playground: ${srv.url}`);
