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
      /** Names the copy in errors, e.g. "The offline engine inside main.js". */
      readonly describe?: string;
      /** What the writer can do about a damaged copy, e.g. "Reinstall Redline." */
      readonly remedy?: string;
    };

export type HarperWorkerRequest =
  | { readonly id: number; readonly op: "init"; readonly dialect: number; readonly wasm: HarperWasmSource }
  | { readonly id: number; readonly op: "lint"; readonly text: string; readonly maskWords: readonly string[] }
  | { readonly id: number; readonly op: "knownWords"; readonly words: readonly string[] }
  | { readonly id: number; readonly op: "importWords"; readonly words: readonly string[] }
  | { readonly id: number; readonly op: "setLintConfig"; readonly config: Readonly<Record<string, boolean>> }
  | { readonly id: number; readonly op: "defaultLintConfig" };

export interface HarperWorkerResults {
  readonly init: null;
  readonly lint: HarperLintRecord[];
  readonly knownWords: boolean[];
  readonly importWords: null;
  readonly setLintConfig: null;
  readonly defaultLintConfig: Record<string, boolean | null | undefined>;
}

export type HarperWorkerReply = { readonly id: number; readonly ok: true; readonly value: unknown } | { readonly id: number; readonly ok: false; readonly message: string };

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
