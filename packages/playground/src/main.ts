import { createEditor, SAMPLE_NOTE } from "./editor.js";

const parent = document.getElementById("editor");
if (!parent) throw new Error("Redline playground: #editor element missing from index.html");
const view = createEditor(parent, SAMPLE_NOTE);
// Exposed for browser tests and for poking at the editor from devtools.
(window as unknown as { redline: { view: typeof view } }).redline = { view };
