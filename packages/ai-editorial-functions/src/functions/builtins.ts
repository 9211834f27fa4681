import { CATEGORIES } from "@redline/track-edits";
import type { Category } from "@redline/track-edits";
import { canonicalJson, contentHash } from "../util/hash.js";
import type { EditorialFunction, QualityGates } from "./types.js";

export const BUILTIN_IDS = ["proofread", "tighten", "clarify", "adjust-tone", "consistency", "developmental-notes"] as const;
export type BuiltinId = (typeof BUILTIN_IDS)[number];

export const TONES = ["formal", "friendly", "neutral", "confident", "warm", "academic", "plain"] as const;

const EDIT_SYSTEM = [
  "You are a meticulous editor working on one paragraph of a Markdown note at a time.",
  "Reply with the revised paragraph only: no preface, no explanation, no quotation marks or code fences around it.",
  "Tokens like ⟦1⟧ stand for protected text (code, links, math). Keep every one of them exactly, in place.",
  "Keep the Markdown structure: heading markers, list markers, block quotes, emphasis and links.",
  "If the paragraph needs no change, reply with it unchanged.",
].join("\n");

const COMMENT_SYSTEM = [
  "You are a developmental editor. You do not rewrite; you leave notes on passages.",
  'Reply with JSON only: {"notes":[{"quote":"<exact words copied from the paragraph>","note":"<your note>"}]}.',
  "Each quote must be copied verbatim from the paragraph, short (a phrase or sentence). Reply {\"notes\":[]} when there is nothing worth noting.",
].join("\n");

const LEARNED = "{{preferences}}\n{{examples}}";

const ALL: readonly Category[] = CATEGORIES;

function gates(maxChangeRatio: number): QualityGates {
  return { maxChangeRatio, forbiddenPhrases: [], preserveMarkdown: true };
}

type Draft = Omit<EditorialFunction, "version">;

function withVersion(d: Draft): EditorialFunction {
  return { ...d, version: contentHash(canonicalJson(d)) };
}

const drafts: readonly Draft[] = [
  {
    id: "proofread",
    name: "Proofread",
    description: "Fix spelling, grammar, punctuation and capitalisation; nothing else.",
    origin: { kind: "builtin" },
    output: "edits",
    system: EDIT_SYSTEM,
    prompt: `Proofread this paragraph. Correct only spelling, grammar, punctuation and capitalisation errors. Do not change wording, tone or style otherwise.\n${LEARNED}\nSurrounding text, for reference only:\n{{context}}\n\nParagraph:\n{{text}}`,
    modelChain: [],
    temperature: 0,
    scopes: ["selection", "paragraph", "note", "dirty"],
    allowedCategories: ["spelling", "punctuation", "capitalization", "grammar", "word-choice"],
    qualityGates: gates(0.35),
    batching: "content-aware",
    asYouType: true,
    learning: true,
    params: {},
    variants: [],
    local: "offline",
  },
  {
    id: "tighten",
    name: "Tighten",
    description: "Cut redundancy and wordiness while keeping meaning and voice.",
    origin: { kind: "builtin" },
    output: "edits",
    system: EDIT_SYSTEM,
    prompt: `Tighten this paragraph: remove redundant words, filler and wordy constructions. Keep the meaning, the facts and the writer's voice.\n${LEARNED}\nSurrounding text, for reference only:\n{{context}}\n\nParagraph:\n{{text}}`,
    modelChain: [],
    temperature: 0.2,
    scopes: ["selection", "paragraph", "note", "dirty"],
    allowedCategories: ALL,
    qualityGates: gates(0.6),
    batching: "smart",
    asYouType: false,
    learning: true,
    params: {},
    variants: [],
    local: "offline",
  },
  {
    id: "clarify",
    name: "Clarify",
    description: "Make unclear sentences easier to follow without changing what they say.",
    origin: { kind: "builtin" },
    output: "edits",
    system: EDIT_SYSTEM,
    prompt: `Clarify this paragraph: untangle long or ambiguous sentences, make references explicit, prefer concrete words. Do not add new claims.\n${LEARNED}\nSurrounding text, for reference only:\n{{context}}\n\nParagraph:\n{{text}}`,
    modelChain: [],
    temperature: 0.3,
    scopes: ["selection", "paragraph", "note"],
    allowedCategories: ALL,
    qualityGates: gates(0.7),
    batching: "smart",
    asYouType: false,
    learning: true,
    params: {},
    variants: [],
  },
  {
    id: "adjust-tone",
    name: "Adjust tone",
    description: "Rewrite toward a target tone, keeping content and structure.",
    origin: { kind: "builtin" },
    output: "edits",
    system: EDIT_SYSTEM,
    prompt: `Adjust the tone of this paragraph to be {{tone}}. Keep the content, the facts and the structure; change only what the tone requires.\n${LEARNED}\nSurrounding text, for reference only:\n{{context}}\n\nParagraph:\n{{text}}`,
    modelChain: [],
    temperature: 0.4,
    scopes: ["selection", "paragraph", "note"],
    allowedCategories: ALL,
    qualityGates: gates(0.8),
    batching: "smart",
    asYouType: false,
    learning: true,
    params: { tone: { description: "The tone to aim for", default: "neutral", options: TONES } },
    variants: [],
  },
  {
    id: "consistency",
    name: "Consistency pass",
    description: "Apply the vault's style sheet: spelling variant, serial comma, number style and quotation marks.",
    origin: { kind: "builtin" },
    output: "edits",
    system: EDIT_SYSTEM,
    prompt: `Make this paragraph follow the style sheet below exactly. Change nothing the style sheet does not cover.\nStyle sheet:\n{{styleSheet}}\n${LEARNED}\nParagraph:\n{{text}}`,
    modelChain: [],
    temperature: 0,
    scopes: ["selection", "paragraph", "note", "dirty"],
    allowedCategories: ["spelling", "punctuation", "style", "formatting", "word-choice"],
    // Mechanical, but dense: a short paragraph can need half its words respelled.
    qualityGates: gates(0.5),
    batching: "content-aware",
    asYouType: true,
    learning: true,
    params: { styleSheet: { description: "The vault's style sheet (filled in by the engine)" } },
    variants: [],
    local: "style-sheet",
  },
  {
    id: "developmental-notes",
    name: "Developmental notes",
    description: "Notes on structure, argument and pacing, attached to passages. Changes nothing.",
    origin: { kind: "builtin" },
    output: "comments",
    system: COMMENT_SYSTEM,
    prompt: `Read this paragraph as a developmental editor. Note where the argument is weak, the structure confusing, the pacing off, or a claim unsupported. At most three notes.\n{{preferences}}\nSurrounding text, for reference only:\n{{context}}\n\nParagraph:\n{{text}}`,
    modelChain: [],
    temperature: 0.5,
    scopes: ["selection", "paragraph", "note"],
    allowedCategories: ["style"],
    qualityGates: { maxChangeRatio: 1, forbiddenPhrases: [], preserveMarkdown: false },
    batching: "smart",
    asYouType: false,
    learning: true,
    params: {},
    variants: [],
  },
];

/** Fresh definitions per call: the registry owns its copy, no shared state. */
export function builtinFunctions(): EditorialFunction[] {
  return drafts.map(withVersion);
}
