/**
 * The messages between the offline engine and Harper in a Web Worker of our
 * own (harper-worker.ts). Only plain data crosses: lints come back as
 * HarperLintRecord, so the page never loads Harper's WASM itself (harper.js's
 * own WorkerLinter compiles and instantiates the whole binary in the page too,
 * just to rebuild its lint objects).
 */
import type { HarperLintRecord } from "./harper-backend.js";

/** Where the worker gets Harper's WASM. */
export type HarperWasmSource =
  | { readonly kind: "url"; readonly url: string }
  | {
      /** base64 of gzip, as a host that carries the binary inside its script (Obsidian's main.js) has it. */
      readonly kind: "gzip-base64";
      readonly data: string;
      /** Uncompressed size in bytes: a truncated or altered copy is refused. */
      readonly size: number;
      /** Names this binary (e.g. its hash): saved Harper states are kept per binary. */
      readonly id?: string;
      /** Names the copy in errors, e.g. "The offline engine inside main.js". */
      readonly describe?: string;
      /** What the writer can do about a damaged copy, e.g. "Reinstall Redline." */
      readonly remedy?: string;
    };

export type HarperWorkerRequest =
  | {
      readonly id: number;
      readonly op: "init";
      readonly dialect: number;
      readonly wasm: HarperWasmSource;
      /** Restore Harper's initialised state saved under this key, if a worker with a state store has one. */
      readonly stateKey?: string;
    }
  | {
      /**
       * Build Harper in this worker only to save its initialised state under
       * `stateKey` for later sessions; the engine starts a worker for it once
       * the writer's first results are out, so the copy never delays them.
       */
      readonly id: number;
      readonly op: "saveState";
      readonly dialect: number;
      readonly wasm: HarperWasmSource;
      readonly stateKey: string;
    }
  | { readonly id: number; readonly op: "lint"; readonly text: string; readonly maskWords: readonly string[] }
  | { readonly id: number; readonly op: "knownWords"; readonly words: readonly string[] }
  | { readonly id: number; readonly op: "importWords"; readonly words: readonly string[] }
  | { readonly id: number; readonly op: "setLintConfig"; readonly config: Readonly<Record<string, boolean>> }
  | { readonly id: number; readonly op: "defaultLintConfig" };

/** How Harper came up: built (its dictionary built afresh) or restored from a saved state. */
export type HarperOrigin = "built" | "restored";

export interface HarperWorkerResults {
  readonly init: { readonly origin: HarperOrigin };
  /** The key the state was saved under. */
  readonly saveState: string;
  readonly lint: HarperLintRecord[];
  readonly knownWords: boolean[];
  readonly importWords: null;
  readonly setLintConfig: null;
  readonly defaultLintConfig: Record<string, boolean | null | undefined>;
}

export type HarperWorkerReply = { readonly id: number; readonly ok: true; readonly value: unknown } | { readonly id: number; readonly ok: false; readonly message: string; readonly stateRejected?: boolean };

/** Sent unasked (id STATE_SAVED_ID) once a state has been stored: for tests and benchmarks. */
export const STATE_SAVED_ID = -1;

/** What the engine needs of a Worker (a Web Worker, or an in-process stand-in). */
export interface HarperWorkerLike {
  postMessage(message: HarperWorkerRequest): void;
  addEventListener(type: "message", listener: (event: { readonly data: unknown }) => void): void;
  addEventListener(type: "error", listener: (event: { readonly message?: string }) => void): void;
  terminate(): void;
}

/** The worker's side of the channel: a DedicatedWorkerGlobalScope or a MessagePort. */
export interface HarperHostPort {
  postMessage(message: HarperWorkerReply): void;
  addEventListener(type: "message", listener: (event: { readonly data: unknown }) => void): void;
}
