export declare const PLUGIN_EXTERNALS: string[];
export declare function buildPlugin(): Promise<void>;
export declare function buildPlayground(): Promise<void>;
/** Path of harper_wasm_slim_bg.wasm, which the plugin build inlines. */
export declare const HARPER_WASM: string;
export declare const HARPER_WASM_MODULE: string;
/** Source of the virtual module "redline:harper-wasm-gz": sha256, size and the base64 of gzip -9 of the wasm. */
export declare function harperWasmModuleSource(wasmPath?: string): Promise<string>;
/** The plugin bundle's esbuild options (entry, cjs format, externals, WASM inlining). */
export declare function pluginBuildOptions(): import("esbuild").BuildOptions & { plugins: import("esbuild").Plugin[] };
/** How packages/ai-providers/src/offline/harper-worker.ts becomes a worker script (the plugin's build and the browser test). */
export declare function harperWorkerBuildOptions(): import("esbuild").BuildOptions;
