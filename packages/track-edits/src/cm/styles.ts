/**
 * The CSS the review UI needs. Colours come from Obsidian theme variables
 * (with fallbacks for plain CodeMirror hosts such as the playground); meaning
 * never rests on colour alone: deletions are struck through, insertions
 * underlined and outlined, comments wavy-underlined with a note icon.
 * packages/track-edits/styles.css holds the same text (kept equal by a test)
 * for the plugin's styles.css to include.
 */
export const TRACK_EDITS_CSS = `/* Redline track-edits review UI */
.cm-editor .rl-del {
  text-decoration: line-through;
  text-decoration-thickness: 2px;
  text-decoration-color: var(--text-error, #c0392b);
  color: var(--text-muted, #666);
  background-color: rgba(var(--color-red-rgb, 233, 49, 71), 0.12);
}
/* A deleted space has no glyph to strike through: mark the gap itself. */
.cm-editor .rl-del-space {
  background-color: rgba(var(--color-red-rgb, 233, 49, 71), 0.35);
  box-shadow: inset 0 -2px 0 var(--text-error, #c0392b);
}
.cm-editor .rl-ins {
  text-decoration: underline;
  text-decoration-thickness: 2px;
  text-underline-offset: 3px;
  text-decoration-color: var(--text-success, #1e7d34);
  background-color: rgba(var(--color-green-rgb, 8, 185, 78), 0.15);
  cursor: pointer;
  white-space: pre-wrap;
}
.cm-editor .rl-comment {
  text-decoration: underline wavy var(--text-accent, #705dcf);
  text-underline-offset: 3px;
  background-color: rgba(var(--color-purple-rgb, 120, 82, 238), 0.12);
}
.cm-editor .rl-active {
  box-shadow: 0 0 0 2px var(--interactive-accent, #705dcf);
  border-radius: var(--radius-s, 3px);
}
.cm-editor .rl-cluster {
  display: inline-block;
  font: inherit;
  font-size: var(--font-ui-smaller, 0.8em);
  line-height: 1.2;
  margin: 0 2px;
  padding: 0 4px;
  border: 1px solid var(--background-modifier-border, #999);
  border-radius: var(--radius-s, 3px);
  background: var(--background-secondary, #f3f3f3);
  color: var(--text-normal, #222);
  vertical-align: baseline;
  cursor: pointer;
}
.cm-editor .rl-cluster:focus-visible,
.rl-popover button:focus-visible,
.rl-popover textarea:focus-visible {
  outline: 2px solid var(--interactive-accent, #705dcf);
  outline-offset: 1px;
}
.cm-editor .rl-note-icon {
  font-size: var(--font-ui-smaller, 0.8em);
  margin-left: 2px;
}
.cm-editor .rl-preview {
  white-space: pre-wrap;
}
.cm-tooltip.rl-popover {
  max-width: 26em;
  padding: 8px 10px;
  font-family: var(--font-interface, sans-serif);
  font-size: var(--font-ui-small, 0.9em);
  color: var(--text-normal, #222);
  background: var(--background-primary, #fff);
  border: 1px solid var(--background-modifier-border, #999);
  border-radius: var(--radius-m, 6px);
  box-shadow: var(--shadow-s, 0 2px 8px rgba(0, 0, 0, 0.15));
}
.rl-popover .rl-popover-meta {
  color: var(--text-muted, #666);
  font-size: var(--font-ui-smaller, 0.8em);
  margin-bottom: 4px;
}
.rl-popover .rl-popover-change del {
  text-decoration: line-through;
  color: var(--text-error, #c0392b);
}
.rl-popover .rl-popover-change ins {
  text-decoration: underline;
  color: var(--text-success, #1e7d34);
}
.rl-popover .rl-popover-why {
  margin: 4px 0;
  color: var(--text-muted, #666);
}
.rl-popover .rl-popover-reason {
  margin: 4px 0;
  font-size: var(--font-ui-smaller, 0.85em);
  color: var(--text-faint, #888);
}
.rl-popover .rl-popover-actions {
  display: flex;
  flex-wrap: wrap;
  gap: 4px;
  margin-top: 6px;
}
.rl-popover button {
  font: inherit;
  padding: 2px 8px;
  border-radius: var(--radius-s, 3px);
  border: 1px solid var(--background-modifier-border, #999);
  background: var(--interactive-normal, #eee);
  color: var(--text-normal, #222);
  cursor: pointer;
}
.rl-popover button.mod-cta {
  background: var(--interactive-accent, #705dcf);
  color: var(--text-on-accent, #fff);
}
.rl-popover textarea {
  width: 100%;
  box-sizing: border-box;
  font: inherit;
  margin-top: 4px;
}
`;
