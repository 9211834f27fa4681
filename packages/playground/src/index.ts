export { createEditor, SAMPLE_NOTE } from "./editor.js";
export { serveDirectory } from "./server.js";
export type { StaticServer } from "./server.js";
