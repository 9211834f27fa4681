/**
 * Texts the engine lints for its own purposes, never a writer's. Backends that
 * save Harper's state (node.ts) may save a state that has seen these, and
 * nothing else.
 */

/** Lower-case, so never masked as a name; no English word lies within two edits of it. */
export const SPELLING_SEARCH_PROBE = "Warm up zqxvbnmkw.";

/** A word no dictionary has: warms Harper's dictionary lookup (the engine's name check) without a writer's word. */
export const NAME_LOOKUP_PROBE = "Zqxvbnmkwy";
