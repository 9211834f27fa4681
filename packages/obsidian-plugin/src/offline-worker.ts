/**
 * Starts the offline engine's Web Worker from the script main.js carries
 * (esbuild.config.mjs bundles packages/ai-providers/src/offline/harper-worker.ts
 * into "redline:harper-worker"). Imported on the engine's first run only.
 */
import type { HarperWorkerLike } from "@redline/ai-providers";
import source from "redline:harper-worker";

export function startHarperWorker(): HarperWorkerLike {
  const url = URL.createObjectURL(new Blob([source], { type: "text/javascript" }));
  const worker = new Worker(url, { name: "Redline offline engine" });
  // The worker has its script once it speaks or fails; the URL is not needed after that.
  const revoke = () => {
    URL.revokeObjectURL(url);
  };
  worker.addEventListener("message", revoke, { once: true });
  worker.addEventListener("error", revoke, { once: true });
  return worker;
}
