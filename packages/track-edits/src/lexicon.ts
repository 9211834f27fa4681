// Closed word lists the classifier's rules consult. Small and explicit so a
// category decision can always be explained by pointing at a line here.

/** Closed-class words: a change confined to these is grammatical, not lexical. */
export const FUNCTION_WORDS: ReadonlySet<string> = new Set(
  (
    "a an the this that these those some any each every no neither either both all " +
    "i me my mine we us our ours you your yours he him his she her hers it its they them their theirs " +
    "myself yourself himself herself itself ourselves themselves who whom whose which what " +
    "is am are was were be been being has have had having do does did done " +
    "will would shall should can could may might must " +
    "of in on at by for with about against between into through during before after above below to from up down over under " +
    "than then as and or but nor so yet if because although though while whether since until unless " +
    "there here not"
  ).split(" "),
);

/** Irregular verb forms: a swap within one group is a grammar (verb form) edit. */
const IRREGULAR: readonly (readonly string[])[] = [
  ["be", "is", "am", "are", "was", "were", "been", "being"],
  ["have", "has", "had", "having"],
  ["do", "does", "did", "done", "doing"],
  ["go", "goes", "went", "gone", "going"],
  ["see", "sees", "saw", "seen"],
  ["take", "takes", "took", "taken"],
  ["write", "writes", "wrote", "written"],
  ["begin", "begins", "began", "begun"],
  ["run", "runs", "ran"],
  ["come", "comes", "came"],
  ["give", "gives", "gave", "given"],
  ["know", "knows", "knew", "known"],
  ["lie", "lay", "lain", "lies"],
  ["choose", "chose", "chosen"],
  ["drink", "drank", "drunk"],
  ["child", "children"],
  ["man", "men"],
  ["woman", "women"],
  ["person", "people"],
  ["criterion", "criteria"],
  ["phenomenon", "phenomena"],
  ["datum", "data"],
  ["good", "better", "best"],
  ["bad", "worse", "worst"],
];
export const IRREGULAR_GROUP: ReadonlyMap<string, number> = new Map(IRREGULAR.flatMap((g, i) => g.map((w) => [w, i] as const)));

/** Commonly confused words: choosing between them is grammar, not spelling. */
export const CONFUSABLE: ReadonlyMap<string, number> = new Map(
  [
    ["its", "it's"],
    ["your", "you're"],
    ["their", "there", "they're"],
    ["whose", "who's"],
    ["then", "than"],
    ["lose", "loose"],
    ["affect", "effect"],
    ["fewer", "less"],
    ["who", "whom"],
    ["lay", "lie"],
  ].flatMap((g, i) => g.map((w) => [w, i] as const)),
);

/** Contractions and their expansions: switching register is tone. */
export const CONTRACTIONS: ReadonlyMap<string, string> = new Map([
  ["don't", "do not"],
  ["doesn't", "does not"],
  ["didn't", "did not"],
  ["can't", "cannot"],
  ["won't", "will not"],
  ["isn't", "is not"],
  ["aren't", "are not"],
  ["wasn't", "was not"],
  ["weren't", "were not"],
  ["it's", "it is"],
  ["that's", "that is"],
  ["there's", "there is"],
  ["i'm", "i am"],
  ["we're", "we are"],
  ["they're", "they are"],
  ["you're", "you are"],
  ["i've", "i have"],
  ["we've", "we have"],
  ["i'd", "i would"],
  ["i'll", "i will"],
  ["we'll", "we will"],
  ["shouldn't", "should not"],
  ["wouldn't", "would not"],
  ["couldn't", "could not"],
  ["let's", "let us"],
]);

/** Informal or emotionally loaded words; swapping them in or out changes tone. */
export const TONE_MARKERS: ReadonlySet<string> = new Set(
  (
    "gonna wanna gotta kinda sorta yeah yep nope ok okay guys stuff awesome cool super totally " +
    "crazy insane huge massive terrible horrible stupid dumb silly ridiculous amazing fantastic " +
    "hey wow lol damn hate love kindly please unfortunately frankly obviously clearly honestly " +
    "sadly thankfully regrettably demand insist must immediately unacceptable disappointed " +
    "appreciate grateful sorry apologize apologies slammed blasted trashed ripped chill"
  ).split(" "),
);

/** Intensifiers and hedges that usually add length without meaning. */
export const FILLERS: ReadonlySet<string> = new Set(
  (
    "very really quite rather just actually basically literally extremely simply somewhat " +
    "fairly pretty definitely certainly truly completely totally absolutely essentially " +
    "practically virtually generally real"
  ).split(" "),
);

/** Reflexive pronouns: dropping an emphatic one ("got himself a permit") is concision. */
export const REFLEXIVES: ReadonlySet<string> = new Set("myself yourself himself herself itself ourselves yourselves themselves".split(" "));

/** Wordy phrases and their concise forms, lower-case. */
export const WORDY: ReadonlyMap<string, string> = new Map([
  ["in order to", "to"],
  ["due to the fact that", "because"],
  ["at this point in time", "now"],
  ["in the event that", "if"],
  ["for the purpose of", "for"],
  ["a large number of", "many"],
  ["in spite of the fact that", "although"],
  ["with regard to", "about"],
  ["has the ability to", "can"],
  ["is able to", "can"],
  ["at the present time", "now"],
  ["in close proximity to", "near"],
  ["the majority of", "most"],
  ["make a decision", "decide"],
]);
