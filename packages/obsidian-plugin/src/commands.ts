import type { Editor, MarkdownFileInfo, MarkdownView, Menu } from "obsidian";
import { EDIT_COMMANDS, type EditCommand, type EditorTarget, type Runtime, type RunScopeKind } from "./runtime-port.js";
import type { FunctionInfo } from "./settings/host.js";

/**
 * Every Redline command, described once and registered both in the command
 * palette and in the editor's context menu. None has a default hotkey:
 * writers choose their own (Obsidian plugin guidelines).
 */
export interface CommandSpec {
  readonly id: string;
  readonly name: string;
  readonly icon: string;
  /** Shown in the editor context menu. */
  readonly inMenu: boolean;
  /** Whether the command applies now; false greys it out of the palette. */
  available(ctx: CommandContext): boolean;
  run(ctx: CommandContext): void | Promise<void>;
}

export interface CommandContext {
  readonly editor: Editor | null;
  readonly info: MarkdownView | MarkdownFileInfo | null;
  readonly runtime: Runtime | null;
  readonly target: EditorTarget | null;
}

/** What the commands ask of the plugin shell. */
export interface CommandHost {
  notice(message: string): void;
  toggleAsYouType(path: string): Promise<boolean>;
  openDashboard(): Promise<void>;
  showReport(title: string, text: string): void;
  writeNote(path: string, text: string): Promise<string>;
  /** Why Redline may not run on this note, or null. */
  blockedReason(target: EditorTarget, functionId?: string): string | null;
}

const SCOPE_NAMES: Record<RunScopeKind, string> = { selection: "selection", paragraph: "paragraph", note: "whole note" };
const EDIT_ICONS: Record<EditCommand, string> = {
  "accept-at-cursor": "check",
  "reject-at-cursor": "x",
  "accept-cluster": "check-check",
  "reject-cluster": "circle-x",
  "accept-selection": "check",
  "reject-selection": "x",
  "accept-all": "check-circle-2",
  "reject-all": "x-circle",
  "next-edit": "arrow-down",
  "previous-edit": "arrow-up",
};

export function functionCommands(fn: FunctionInfo, host: CommandHost): CommandSpec[] {
  return (["selection", "paragraph", "note"] as const).map((scope) => ({
    id: `run-${fn.id}-${scope}`,
    name: `Run ${fn.name} on ${SCOPE_NAMES[scope]}`,
    icon: "wand-2",
    inMenu: scope !== "note",
    available: (ctx) => {
      if (!ctx.runtime || !ctx.target || !ctx.runtime.functions().some((f) => f.id === fn.id && f.error === undefined)) return false;
      if (scope === "selection") return ctx.editor?.somethingSelected() === true;
      if (scope === "paragraph") return ctx.editor?.somethingSelected() !== true;
      return true;
    },
    run: async (ctx) => {
      if (!ctx.runtime || !ctx.target) return;
      const blocked = host.blockedReason(ctx.target, fn.id);
      if (blocked !== null) {
        host.notice(blocked);
        return;
      }
      host.notice(await ctx.runtime.run(fn.id, scope, ctx.target));
    },
  }));
}

export function staticCommands(host: CommandHost): CommandSpec[] {
  const edit = (Object.keys(EDIT_COMMANDS) as EditCommand[]).map<CommandSpec>((command) => ({
    id: command,
    name: EDIT_COMMANDS[command],
    icon: EDIT_ICONS[command],
    inMenu: command !== "accept-selection" && command !== "reject-selection",
    available: (ctx) => ctx.runtime !== null && ctx.target !== null,
    run: (ctx) => {
      if (!ctx.runtime || !ctx.target) return;
      if (!ctx.runtime.editCommand(command, ctx.target.view)) host.notice("No pending Redline edit there.");
    },
  }));
  return [
    ...edit,
    {
      id: "toggle-as-you-type",
      name: "Toggle as-you-type for this note",
      icon: "keyboard",
      inMenu: true,
      available: (ctx) => ctx.target !== null,
      run: async (ctx) => {
        if (!ctx.target) return;
        const on = await host.toggleAsYouType(ctx.target.path);
        host.notice(on ? "Redline now suggests as you type in this note." : "Redline no longer suggests as you type in this note.");
      },
    },
    {
      id: "open-dashboard",
      name: "Open learning dashboard",
      icon: "line-chart",
      inMenu: false,
      available: () => true,
      run: () => host.openDashboard(),
    },
    {
      id: "diagnostics",
      name: "Run diagnostics",
      icon: "stethoscope",
      inMenu: false,
      available: (ctx) => ctx.runtime !== null,
      run: async (ctx) => {
        if (ctx.runtime) host.showReport("Redline diagnostics", await ctx.runtime.diagnostics());
      },
    },
    {
      id: "export-criticmarkup",
      name: "Export pending edits as CriticMarkup",
      icon: "file-output",
      inMenu: false,
      available: (ctx) => ctx.runtime !== null && ctx.target !== null,
      run: async (ctx) => {
        if (!ctx.runtime || !ctx.target) return;
        const text = ctx.runtime.exportCriticMarkup(ctx.target);
        const path = await host.writeNote(ctx.target.path.replace(/\.md$/, "") + " (CriticMarkup).md", text);
        host.notice(`Redline exported the pending edits to ${path}.`);
      },
    },
    {
      id: "import-criticmarkup",
      name: "Import CriticMarkup as pending edits",
      icon: "file-input",
      inMenu: false,
      available: (ctx) => ctx.runtime !== null && ctx.target !== null,
      run: (ctx) => {
        if (!ctx.runtime || !ctx.target) return;
        const n = ctx.runtime.importCriticMarkup(ctx.target);
        host.notice(n === 0 ? "No CriticMarkup found in this note." : `Redline turned ${n} CriticMarkup marks into pending edits.`);
      },
    },
    {
      id: "cancel",
      name: "Cancel running work",
      icon: "square",
      inMenu: true,
      available: (ctx) => ctx.runtime !== null,
      run: (ctx) => {
        const n = ctx.runtime?.cancel() ?? 0;
        host.notice(n === 0 ? "Nothing to cancel." : `Redline cancelled ${n} run${n === 1 ? "" : "s"}.`);
      },
    },
  ];
}

/** Adds the applicable commands to the editor context menu, in Redline's own section. */
export function fillEditorMenu(menu: Menu, specs: readonly CommandSpec[], ctx: CommandContext, onError: (e: unknown) => void): void {
  for (const spec of specs) {
    if (!spec.inMenu || !spec.available(ctx)) continue;
    menu.addItem((item) =>
      item
        .setTitle(spec.name)
        .setIcon(spec.icon)
        .setSection("redline")
        .onClick(() => {
          void Promise.resolve(spec.run(ctx)).catch(onError);
        }),
    );
  }
}
