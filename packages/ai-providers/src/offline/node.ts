/**
 * Node-only: a Harper loader that keeps Harper's initialised state on disk.
 *
 * Harper builds its curated dictionary inside WASM every time a linter is
 * created: about 1.3–2 s of CPU before the first lint, then ~0.5 s of lazy
 * set-up on that lint (measured on the 2-core bench machine; see
 * bench/offline.bench.ts). Nothing in harper.js 2.10 ships a prebuilt
 * dictionary, and the slim and full binaries both build it. The work is
 * deterministic, so this loader saves the WASM instance's linear memory once
 * Harper is set up and, in later processes, restores it into a fresh instance
 * of the same binary instead of building again: cold start becomes compile +
 * read + first lint.
 *
 * Why this is sound: see harper-glue.ts. The saved state is keyed by
 * harper.js version, binary and dialect, and every restore is checked against
 * a probe lint before use; anything unexpected falls back to building afresh.
 *
 * The restored instance is private: it is loaded from its own copy of
 * Harper's glue module, so another harper.js user in the process (with the
 * shared instance) is never overwritten. Node keeps that module, and so the
 * instance (about the size of the state), for the life of the process: make
 * one backend per dialect, as the engine does.
 *
 * A saved state holds Harper's set-up and the engine's own probe texts only,
 * never a writer's text or words (Harper caches what it lints in that memory).
 */
import { mkdir, open, readFile, rename, stat, unlink, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { HarperBackend, HarperBackendOptions, HarperPersistOptions } from "./harper-backend.js";
import { buildLinter, GLUE_STATE_FORMAT, glueBackend, restore as restoreGlue, snapshot, type Glue, type GlueLinter, type GlueStateLayout, type WasmExports } from "./harper-glue.js";

export interface HarperStateLoaderOptions {
  /** Directory for saved states (one file per harper.js version, binary and dialect; ~160–230 MB each). */
  readonly dir: string;
}

/** What the loader did, for hosts and benchmarks that report it. */
export type HarperStateOrigin = "restored" | "built";

export interface StatefulHarperBackend extends HarperBackend {
  readonly origin: HarperStateOrigin;
  knownWords(words: readonly string[]): Promise<boolean[]>;
  /**
   * Saves the state again if it now holds more (the spelling search warmed),
   * unless a writer's text or words have reached this instance: a saved state
   * only ever holds Harper's set-up and the engine's own probes.
   */
  persist(options?: HarperPersistOptions): Promise<void>;
}

interface GlueModule {
  readonly BinaryModuleImpl: { create(url: string, flavor: "slim" | "full"): { getBinaryModule(): Promise<Glue> } };
}

interface StateHeader extends GlueStateLayout {
  readonly format: number;
  readonly key: string;
  /** Harper's edit-distance search automata were built before saving. */
  readonly deep: boolean;
}

let privateCopies = 0;

/** A HarperLoader (OfflineEngineOptions.loadHarper) that restores Harper's saved state from `dir`, or builds and saves it. */
export function harperStateLoader(options: HarperStateLoaderOptions): (init: HarperBackendOptions) => Promise<StatefulHarperBackend> {
  return (init) => loadStateful(options.dir, init);
}

async function loadStateful(dir: string, init: HarperBackendOptions): Promise<StatefulHarperBackend> {
  const { slimBinary } = await import("harper.js/slimBinary");
  const flavor = init.binary?.url ? (init.binary.flavor ?? "slim") : "slim";
  const wasmUrl = String(init.binary?.url ?? slimBinary.url);
  const key = await stateKey(wasmUrl, flavor, init.dialect);
  const file = join(dir, `${key.replace(/[^\w.-]+/g, "_")}.state`);

  let glue = await privateGlue(wasmUrl, flavor);
  let origin: HarperStateOrigin = "built";
  let deep = false;
  let linter: GlueLinter | undefined;
  try {
    const restored = await restore(file, key, glue);
    if (restored) {
      linter = restored.linter;
      deep = restored.deep;
      origin = "restored";
    }
  } catch {
    // A torn or foreign file: build afresh in an untouched instance.
    glue = await privateGlue(wasmUrl, flavor);
  }
  linter ??= buildLinter(glue.glue, init.dialect);
  const live = linter;
  const exports = glue.exports;
  const glueModule = glue.glue;
  // A saved state must hold nothing of the writer's: only the probes have been linted, no words imported.
  let dirty = false;
  let savedDeep: boolean | undefined = origin === "restored" ? deep : undefined;
  let pending: Promise<void> = Promise.resolve();
  let disposed = false;

  const save = () => {
    // Copied synchronously, between calls, so the file is one consistent state; written in the background.
    const { layout, bytes } = snapshot(exports, live);
    const header: StateHeader = { format: GLUE_STATE_FORMAT, key, ...layout, deep };
    savedDeep = deep;
    pending = pending.then(() => writeState(dir, file, header, bytes)).catch(() => undefined);
  };
  if (origin === "built") save();

  const backend = glueBackend(glueModule, live, "in-process", () => {
    dirty = true;
  });
  return {
    ...backend,
    origin,
    async persist(options = {}) {
      if (options.spellingSearchWarm === true) deep = true;
      if (!disposed && !dirty && savedDeep !== true && savedDeep !== deep) save();
      await pending;
    },
    async dispose() {
      await pending;
      disposed = true;
      await backend.dispose();
    },
  };
}

interface PrivateGlue {
  readonly glue: Glue;
  readonly exports: WasmExports;
}

/**
 * harper.js keeps one WASM instance per glue module. A query string makes Node
 * load the glue module again as a separate module, with an instance of its own.
 */
async function privateGlue(wasmUrl: string, flavor: "slim" | "full"): Promise<PrivateGlue> {
  const slimEntry = new URL("slimBinary.js", await distUrl());
  const source = await readFile(fileURLToPath(slimEntry), "utf8");
  const glueFile = /from\s+["'](\.\/BinaryModule-[\w-]+\.js)["']/u.exec(source)?.[1];
  if (!glueFile) throw new Error("harper.js layout changed: cannot find its glue module.");
  const url = `${new URL(glueFile, slimEntry).href}?redline-state=${++privateCopies}`;
  const mod = (await import(/* @vite-ignore */ url)) as GlueModule;
  const glue = await mod.BinaryModuleImpl.create(wasmUrl, flavor).getBinaryModule();
  return { glue, exports: await glue.default() };
}

async function distUrl(): Promise<URL> {
  const { slimBinary } = await import("harper.js/slimBinary");
  return new URL(".", String(slimBinary.url));
}

async function stateKey(wasmUrl: string, flavor: string, dialect: number): Promise<string> {
  const pkg = JSON.parse(await readFile(fileURLToPath(new URL("../package.json", await distUrl())), "utf8")) as { version?: string };
  let size = "?";
  if (wasmUrl.startsWith("file:")) size = String((await stat(fileURLToPath(wasmUrl))).size);
  return `harper.js-${pkg.version ?? "?"}-${flavor}-${size}-d${dialect}-f${GLUE_STATE_FORMAT}`;
}

async function restore(file: string, key: string, { glue, exports }: PrivateGlue): Promise<{ linter: GlueLinter; deep: boolean } | undefined> {
  let handle;
  try {
    handle = await open(file, "r");
  } catch {
    return undefined;
  }
  try {
    const lengthBytes = new Uint8Array(4);
    await handle.read(lengthBytes, 0, 4, 0);
    const headerLength = new DataView(lengthBytes.buffer).getUint32(0, true);
    if (headerLength > 4096) throw new Error("bad state header");
    const headerBytes = new Uint8Array(headerLength);
    await handle.read(headerBytes, 0, headerLength, 4);
    const header = JSON.parse(new TextDecoder().decode(headerBytes)) as StateHeader;
    if (header.format !== GLUE_STATE_FORMAT || header.key !== key) return undefined;
    const { size } = await handle.stat();
    if (size !== 4 + headerLength + header.bytes) throw new Error("truncated state");
    const linter = await restoreGlue(glue, exports, header, async (view) => {
      for (let done = 0; done < header.bytes; ) {
        const { bytesRead } = await handle.read(view, done, Math.min(1 << 24, header.bytes - done), 4 + headerLength + done);
        if (bytesRead === 0) throw new Error("truncated state");
        done += bytesRead;
      }
    });
    return { linter, deep: header.deep };
  } finally {
    await handle.close();
  }
}

async function writeState(dir: string, file: string, header: StateHeader, bytes: Uint8Array): Promise<void> {
  await mkdir(dir, { recursive: true });
  const headerBytes = new TextEncoder().encode(JSON.stringify(header));
  const length = new Uint8Array(4);
  new DataView(length.buffer).setUint32(0, headerBytes.length, true);
  const tmp = `${file}.${process.pid}.tmp`;
  try {
    await writeFile(tmp, [length, headerBytes, bytes]);
    await rename(tmp, file);
  } catch (error) {
    await unlink(tmp).catch(() => undefined);
    throw error;
  }
}
