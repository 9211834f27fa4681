/**
 * A minimal stand-in for the `obsidian` module, for tests only. Obsidian
 * cannot run here; the plugin type-checks against the real package and this
 * stub supplies just enough run-time behaviour to exercise the adapter.
 * It grows with what the plugin uses, and records what a test wants to see.
 */
export interface PluginManifest {
  id: string;
  name: string;
  version: string;
  minAppVersion: string;
  description: string;
  author: string;
  isDesktopOnly?: boolean;
}

export class App {
  readonly vault = { configDir: ".obsidian" };
}

export class Component {
  private readonly cleanups: (() => void)[] = [];
  register(cb: () => void): void {
    this.cleanups.push(cb);
  }
  onload(): void {}
  onunload(): void {}
  unload(): void {
    for (const cb of this.cleanups.splice(0)) cb();
    this.onunload();
  }
}

export class Plugin extends Component {
  readonly registeredEditorExtensions: unknown[] = [];
  constructor(
    readonly app: App,
    readonly manifest: PluginManifest,
  ) {
    super();
  }
  registerEditorExtension(extension: unknown): void {
    this.registeredEditorExtensions.push(extension);
  }
}
