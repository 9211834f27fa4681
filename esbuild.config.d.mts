export declare const PLUGIN_EXTERNALS: string[];
export declare function buildPlugin(): Promise<void>;
export declare function buildPlayground(): Promise<void>;
