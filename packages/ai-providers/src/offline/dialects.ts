/** The English dialects the offline engine proofreads against. */
export const OFFLINE_DIALECTS = ["american", "british", "canadian", "australian"] as const;

export type OfflineDialect = (typeof OFFLINE_DIALECTS)[number];

/**
 * harper.js's `Dialect` enum values, duplicated so choosing a dialect never
 * loads the WASM glue; dialects.test.ts checks them against harper.js.
 */
export const HARPER_DIALECT: Readonly<Record<OfflineDialect, number>> = {
  american: 0,
  british: 1,
  australian: 2,
  canadian: 3,
};

const ALIASES: Readonly<Record<string, OfflineDialect>> = {
  us: "american",
  "en-us": "american",
  american: "american",
  uk: "british",
  gb: "british",
  "en-gb": "british",
  british: "british",
  ca: "canadian",
  "en-ca": "canadian",
  canadian: "canadian",
  au: "australian",
  "en-au": "australian",
  australian: "australian",
};

/**
 * Reads a dialect from settings or task params. Accepts names and BCP 47
 * tags ("en-GB"); anything else is an error rather than a silent fallback,
 * because proofreading in the wrong dialect "corrects" correct spellings.
 */
export function parseDialect(value: unknown, fallback: OfflineDialect = "american"): OfflineDialect {
  if (value === undefined || value === null || value === "") return fallback;
  if (typeof value === "string") {
    const hit = ALIASES[value.trim().toLowerCase().replace(/_/gu, "-")];
    if (hit) return hit;
  }
  throw new RangeError(`Unknown dialect ${JSON.stringify(value)}: use one of ${OFFLINE_DIALECTS.join(", ")} (or en-US, en-GB, en-CA, en-AU).`);
}
