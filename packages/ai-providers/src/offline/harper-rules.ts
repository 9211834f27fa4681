/**
 * Which of Harper's rules the offline engine runs.
 *
 * Measured on the 2-core bench machine (harper.js 2.10, Brown prose; the
 * floor, core and full-set rows of bench/offline.bench.ts show the result):
 *  - Harper's analysis of a sentence it has not seen (tokens, part-of-speech
 *    tags, a neural noun-phrase chunker) costs a 270-word paragraph about
 *    40 ms of CPU with every rule switched off. That is the floor; Harper
 *    caches it per sentence, so an edited paragraph pays it again only for
 *    the sentences that changed.
 *  - Every rule is then matched against every token: ~0.33 ms per word with
 *    Harper's ~870 curated rules, ~90 ms more for that paragraph. The cost is
 *    spread thinly (no rule over 2.5% of it; the dearest 100 make 44%), so it
 *    cannot be cut by dropping a few culprits.
 *
 * ≤ 50 ms per paragraph at the 95th percentile therefore leaves room for
 * about 7% of the rule cost. "core" (the default) spends it on the rules
 * behind the commonest writing errors, listed below with the reason each is
 * kept; together they cost 6% of the full set (86 of 1,479 ms CPU over 6,000
 * words of Brown text the benchmark does not use, each rule timed alone, best
 * of five). Left out is Harper's long tail of single-idiom, brand-name and
 * place-name rules ("scape goat", "Mercedes Benz", US universities…) and its
 * style rules. "all" runs Harper's curated set as it ships, for hosts that lint
 * off the UI thread and value that tail over latency (≈ 3× the time).
 */
export type HarperRuleSet = "core" | "all";

/** The rules "core" keeps, each with why. Every other rule is switched off. */
export const HARPER_CORE_RULES: ReadonlyMap<string, string> = new Map([
  // Spelling: the misspelling benchmark, and the commonest error there is.
  ["SpellCheck", "spelling"],
  ["SplitWords", "spelling: run-together words; its splits are spelling candidates"],
  ["MergeWords", "spelling: words split apart"],
  ["Misspell", "spelling: common misspellings outside the dictionary's reach"],
  ["OpenCompounds", "spelling: alot → a lot (the spell checker alone offers allot)"],
  // Capitalisation.
  ["SentenceCapitalization", "capitalisation of sentence starts"],
  ["CapitalizePersonalPronouns", "capitalisation of I"],
  ["NumberSuffixCapitalization", "capitalisation: 1ST → 1st"],
  ["UseTitleCase", "capitalisation of headings"],
  // Punctuation and spacing.
  ["Spaces", "punctuation: doubled and missing spaces"],
  ["CommaFixes", "punctuation: spaces around commas"],
  ["UnclosedQuotes", "punctuation: unbalanced quotes"],
  ["QuoteSpacing", "punctuation: spaces inside quotes"],
  ["NoFrenchSpaces", "punctuation: spaces before punctuation"],
  ["EllipsisLength", "punctuation: ellipses"],
  ["CorrectNumberSuffix", "punctuation: 1th → 1st"],
  ["WrongApostrophe", "punctuation: misplaced apostrophes"],
  // Grammar: articles, repeats, contractions, agreement.
  ["AnA", "grammar: a/an"],
  ["AnAnother", "grammar: an another"],
  ["AnotherAn", "grammar: another an"],
  ["RepeatedWords", "grammar: the the"],
  ["TheMy", "grammar: the my"],
  ["TheTheToThatThe", "grammar: doubled determiners"],
  ["ItsContraction", "grammar: its/it's"],
  ["ItsPossessive", "grammar: it's/its"],
  ["LetsConfusion", "grammar: lets/let's"],
  ["PronounContraction", "grammar: pronoun contractions"],
  ["PossessiveYour", "grammar: your/you're"],
  ["SubjectPronoun", "grammar: me/I as subject"],
  ["DoubleModal", "grammar: might could"],
  ["ModalOf", "grammar: could of → could have"],
  ["SupposedTo", "grammar: suppose to → supposed to"],
  ["InflectedVerbAfterTo", "grammar: to went"],
  ["PronounVerbAgreement", "grammar: he go"],
  ["IAmAgreement", "grammar: I is"],
  ["Theres", "grammar: theres"],
  ["Didnt", "grammar: didnt"],
  ["Cant", "grammar: cant"],
  // Confused words writers type every day.
  ["TheirToThere", "word choice: their/there"],
  ["ThereToTheir", "word choice: there/their"],
  ["TheirToTheyre", "word choice: their/they're"],
  ["TheyreToTheir", "word choice: they're/their"],
  ["TheyreConfusions", "word choice: they're/their/there"],
  ["ThenThan", "word choice: then/than"],
  ["ToTwoToo", "word choice: to/two/too"],
  ["TooTo", "word choice: too/to"],
  ["WereWhere", "word choice: were/where"],
  ["ToLoseTooLoose", "word choice: lose/loose"],
  ["TheWhetherWeather", "word choice: whether/weather"],
  ["Payed", "word choice: payed/paid"],
]);

/**
 * The Harper lint config for a rule set, given every rule Harper has
 * (harper-rule-names.ts). "all" changes nothing; "core" switches off every
 * rule it does not keep.
 */
export function harperRuleConfig(set: HarperRuleSet, ruleNames: Iterable<string>): Readonly<Record<string, boolean>> {
  if (set === "all") return {};
  const config: Record<string, boolean> = {};
  for (const rule of ruleNames) if (!HARPER_CORE_RULES.has(rule)) config[rule] = false;
  return config;
}
