import { z } from "zod";

/** A per-vault style sheet for the consistency pass. */
export const styleSheetSchema = z
  .object({
    spelling: z.enum(["american", "british"]).default("american"),
    serialComma: z.boolean().default(true),
    /** Spell out numbers below 10 or 100, or always use numerals. */
    numbers: z.enum(["words-under-10", "words-under-100", "numerals"]).default("words-under-10"),
    quotes: z.enum(["curly", "straight"]).default("curly"),
  })
  .strict();

export type StyleSheet = z.infer<typeof styleSheetSchema>;

export const DEFAULT_STYLE_SHEET: StyleSheet = styleSheetSchema.parse({});

/** The style sheet as the model reads it in the consistency prompt. */
export function describeStyleSheet(s: StyleSheet): string {
  return [
    `- Spelling: ${s.spelling === "american" ? "American (color, organize, center)" : "British (colour, organise, centre)"}.`,
    `- Serial (Oxford) comma: ${s.serialComma ? "always, before the last item of a list" : "never"}.`,
    `- Numbers: ${s.numbers === "numerals" ? "always numerals" : `spell out numbers below ${s.numbers === "words-under-10" ? "ten" : "one hundred"}, numerals otherwise`}.`,
    `- Quotation marks: ${s.quotes === "curly" ? "curly (“ ” ‘ ’)" : "straight (\" ')"}.`,
  ].join("\n");
}

// American → British. Inflected forms are generated below.
const SPELLING_PAIRS: readonly (readonly [string, string])[] = [
  ["color", "colour"], ["favor", "favour"], ["honor", "honour"], ["humor", "humour"], ["labor", "labour"],
  ["neighbor", "neighbour"], ["behavior", "behaviour"], ["flavor", "flavour"], ["harbor", "harbour"], ["rumor", "rumour"],
  ["center", "centre"], ["theater", "theatre"], ["meter", "metre"], ["fiber", "fibre"], ["liter", "litre"],
  ["organize", "organise"], ["realize", "realise"], ["recognize", "recognise"], ["apologize", "apologise"], ["emphasize", "emphasise"],
  ["analyze", "analyse"], ["paralyze", "paralyse"], ["catalog", "catalogue"], ["dialog", "dialogue"], ["gray", "grey"],
  ["defense", "defence"], ["offense", "offence"], ["traveled", "travelled"], ["traveling", "travelling"], ["traveler", "traveller"],
  ["canceled", "cancelled"], ["modeling", "modelling"], ["jewelry", "jewellery"], ["aluminum", "aluminium"], ["program", "programme"],
];

function inflect(pairs: readonly (readonly [string, string])[]): Map<string, string> {
  const m = new Map<string, string>();
  for (const [us, uk] of pairs) {
    m.set(us, uk);
    if (/(ize|yze)$/.test(us)) {
      for (const [a, b] of [["d", "d"], ["s", "s"], ["r", "r"]] as const) m.set(us + a, uk + b);
      m.set(`${us.slice(0, -1)}ing`, `${uk.slice(0, -1)}ing`);
      m.set(`${us.slice(0, -1)}ation`, `${uk.slice(0, -1)}ation`);
    } else if (/(or|er)$/.test(us) && !us.endsWith("eler")) {
      m.set(`${us}s`, `${uk}s`);
      if (us.endsWith("or")) m.set(`${us}ed`, `${uk}ed`);
    }
  }
  return m;
}

const US_TO_UK = inflect(SPELLING_PAIRS);
const UK_TO_US = new Map([...US_TO_UK].map(([a, b]) => [b, a]));

const SMALL = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen"];
const TENS = ["", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"];

function numberToWords(n: number): string {
  if (n < 20) return SMALL[n] ?? String(n);
  const t = TENS[Math.floor(n / 10)] ?? "";
  return n % 10 === 0 ? t : `${t}-${SMALL[n % 10] ?? ""}`;
}

const WORD_TO_NUMBER = new Map<string, number>();
for (let n = 2; n < 100; n++) WORD_TO_NUMBER.set(numberToWords(n), n); // "one" is too often a pronoun

function matchCase(template: string, word: string): string {
  if (template === template.toUpperCase() && template.length > 1) return word.toUpperCase();
  if (template[0] !== undefined && template[0] === template[0].toUpperCase()) return (word[0]?.toUpperCase() ?? "") + word.slice(1);
  return word;
}

/**
 * Applies the style sheet to one (masked) paragraph deterministically, so the
 * consistency pass works with no model at all. Conservative by design: it
 * changes only what a rule clearly covers.
 */
export function applyStyleSheet(text: string, s: StyleSheet): string {
  let out = text;
  const table = s.spelling === "american" ? UK_TO_US : US_TO_UK;
  out = out.replace(/\b[A-Za-z]+\b/g, (w) => {
    const to = table.get(w.toLowerCase());
    return to === undefined ? w : matchCase(w, to);
  });

  if (s.serialComma) {
    out = out.replace(/(\b[\w'-]+, (?:[\w'-]+ ){0,2}[\w'-]+) (and|or) (?=[\w'-])/g, "$1, $2 ");
  } else {
    out = out.replace(/(\b[\w'-]+, (?:[\w'-]+ ){0,2}[\w'-]+), (and|or) (?=[\w'-])/g, "$1 $2 ");
  }

  const limit = s.numbers === "words-under-10" ? 10 : s.numbers === "words-under-100" ? 100 : 0;
  // Standalone integers only: not money, percentages, decimals, times, dates, versions or list numbers.
  out = out.replace(/(^|[^\w$£€.,:/#⟦-])(\d{1,2})(?![\w%.,:/⟧-]|\.\d|[.,]\d)/g, (whole, pre: string, num: string, offset: number, all: string) => {
    const n = Number(num);
    const lineStart = offset + pre.length === 0 || all[offset + pre.length - 1] === "\n";
    if (lineStart && /^\d{1,2}[.)] /.test(all.slice(offset + pre.length))) return whole;
    return n < limit ? `${pre}${numberToWords(n)}` : whole;
  });
  out = out.replace(/\b([A-Za-z]+(?:-[A-Za-z]+)?)\b/g, (w) => {
    const n = WORD_TO_NUMBER.get(w.toLowerCase());
    return n !== undefined && n >= limit ? String(n) : w;
  });

  if (s.quotes === "curly") {
    out = out
      .replace(/(^|[\s([{—–-])"/g, "$1\u201c")
      .replace(/"/g, "\u201d")
      .replace(/(\w)'(\w)/g, "$1\u2019$2")
      .replace(/(^|[\s([{—–-])'/g, "$1\u2018")
      .replace(/'/g, "\u2019");
  } else {
    out = out.replace(/[\u201c\u201d]/g, '"').replace(/[\u2018\u2019]/g, "'");
  }
  return out;
}
