import type { Category } from "../taxonomy.js";

/**
 * Labelled sentence pairs: a writer's draft, an editor's rewrite, and the
 * category a human editor gives each resulting edit, in document order.
 * The rewrites are real sentences (most from the Brown corpus, A- and
 * F-sections: press reportage and popular lore); the drafts carry the
 * mistakes and wordiness editors actually correct.
 */
export interface LabelledPair {
  readonly original: string;
  readonly rewrite: string;
  readonly labels: readonly Category[];
}

export const SENTENCE_PAIRS: readonly LabelledPair[] = [
  {
    original: "The Fulton County Grand Jury said friday an investigation of Atlantas recent primary election produced no evidance that any irregularities took place.",
    rewrite: "The Fulton County Grand Jury said Friday an investigation of Atlanta's recent primary election produced no evidence that any irregularities took place.",
    labels: ["capitalization", "punctuation", "spelling"],
  },
  {
    original: "The jury further said in term-end presentments that the City Executive Committee which had over-all charge of the election deserves the praise and thanks of the City of Atlanta.",
    rewrite: "The jury further said in term-end presentments that the City Executive Committee, which had over-all charge of the election, deserves the praise and thanks of the City of Atlanta.",
    labels: ["punctuation", "punctuation"],
  },
  {
    original: "The September-October term jury had been charged by Fulton Superior Court Judge Durwood Pye to investigate reports of possible irregularities in the hard-fought primary which was won by Mayor-nominate Ivan Allen Jr.",
    rewrite: "The September-October term jury had been charged by Fulton Superior Court Judge Durwood Pye to investigate reports of possible irregularities in the hard-fought primary which was won by Mayor-nominate Ivan Allen Jr..",
    labels: ["punctuation"],
  },
  {
    original: "Only a relative handful of such reports was recieved, the jury said.",
    rewrite: "Only a relative handful of such reports was received, the jury said.",
    labels: ["spelling"],
  },
  {
    original: "The jury said it did find that many of Georgia's registration and election laws are outmoded or inadequate and often ambiguous.",
    rewrite: "The jury said it did find that many of Georgia's registration and election laws \"are outmoded or inadequate and often ambiguous\".",
    labels: ["punctuation", "punctuation"],
  },
  {
    original: "It recommended that Fulton legislators act to have these laws studied and revised to the end of modernizing and improving them.",
    rewrite: "It recommended that Fulton legislators act \"to have these laws studied and revised to the end of modernizing and improving them\".",
    labels: ["punctuation", "punctuation"],
  },
  {
    original: "The grand jury commented on a number of other topics, among them the atlanta and Fulton County purchasing departments which it said are well operated.",
    rewrite: "The grand jury commented on a number of other topics, among them the Atlanta and Fulton County purchasing departments which it said are well operated.",
    labels: ["capitalization"],
  },
  {
    original: "Merger proposed. However the jury said it believes these two offices should be combined to achieve greater efficiency.",
    rewrite: "Merger proposed. However, the jury said it believes these two offices should be combined to achieve greater efficiency.",
    labels: ["punctuation"],
  },
  {
    original: "The jury said it believe these two offices should be combined to achieve greater efficiency and reduce the cost of administration.",
    rewrite: "The jury said it believes these two offices should be combined to achieve greater efficiency and reduce the cost of administration.",
    labels: ["grammar"],
  },
  {
    original: "The City Purchasing Department, the jury said, are lacking in experienced clerical personnel as a result of city personnel policies.",
    rewrite: "The City Purchasing Department, the jury said, is lacking in experienced clerical personnel as a result of city personnel policies.",
    labels: ["grammar"],
  },
  {
    original: "It urged that the city take steps to remedy this problem in order to improve the operation.",
    rewrite: "It urged that the city take steps to remedy this problem to improve the operation.",
    labels: ["concision"],
  },
  {
    original: "Implementation of Georgia's automobile title law was also recommended by an outgoing jury.",
    rewrite: "Implementation of Georgia's automobile title law was also recommended by the outgoing jury.",
    labels: ["grammar"],
  },
  {
    original: "It urged that the next Legislature provide enabling funds and re-set the effective date so that a orderly implementation of the law may be effected.",
    rewrite: "It urged that the next Legislature provide enabling funds and re-set the effective date so that an orderly implementation of the law may be effected.",
    labels: ["grammar"],
  },
  {
    original: "The grand jury slammed the State Welfare Department's handling of federal funds granted for child welfare services in foster homes.",
    rewrite: "The grand jury criticized the State Welfare Department's handling of federal funds granted for child welfare services in foster homes.",
    labels: ["tone"],
  },
  {
    original: "This is one of the major items in the Fulton County general assistance program, the jury said, but the State Welfare Department is seeing to it that federal funds are really not being utilized.",
    rewrite: "This is one of the major items in the Fulton County general assistance program, the jury said, but the State Welfare Department is seeing to it that federal funds are not being used.",
    labels: ["concision", "word-choice"],
  },
  {
    original: "The jury also commented on the Fulton ordinary's court which has been under fire for it's practices in the appointment of appraisers, guardians and administrators.",
    rewrite: "The jury also commented on the Fulton ordinary's court which has been under fire for its practices in the appointment of appraisers, guardians and administrators.",
    labels: ["grammar"],
  },
  {
    original: "The jury said it found the court has incorporated into its operating procedures the recommendations of two previous grand juries, the Atlanta Bar Association and an interim citizens committee.",
    rewrite: "The jury said it found the court \"has incorporated into its operating procedures the recommendations\" of two previous grand juries, the Atlanta Bar Association and an interim citizens committee.",
    labels: ["punctuation", "punctuation"],
  },
  {
    original: "These actions should serve to protect in fairness the public's interest, the jury said, due to the fact that they were well founded.",
    rewrite: "These actions should serve to protect in fairness the public's interest, the jury said, because they were well founded.",
    labels: ["concision"],
  },
  {
    original: "Regarding Atlanta's new multi-million-dollar airport, the jury recommended that when the new management takes charge Jan. 1 the airport be operated in a manner that will eliminate political influences.",
    rewrite: "Regarding Atlanta's new multi-million-dollar airport, the jury recommended \"that when the new management takes charge Jan. 1 the airport be operated in a manner that will eliminate political influences\".",
    labels: ["punctuation", "punctuation"],
  },
  {
    original: "The jury didn't elaborate, but it added that there should be periodic surveillance of the pricing practices of the concessionaires.",
    rewrite: "The jury did not elaborate, but it added that there should be periodic surveillance of the pricing practices of the concessionaires.",
    labels: ["tone"],
  },
  {
    original: "The jury also recommended that Fulton County levy a tax on the fulton County courthouse for the purpose of paying off the bonds.",
    rewrite: "The jury also recommended that Fulton County levy a tax on the Fulton County courthouse for paying off the bonds.",
    labels: ["capitalization", "concision"],
  },
  {
    original: "The new school superintendent is Harry Davis , a veteran agriculture teacher, who defeated Felix Bush, a school principal and chairman of the Miller County Democratic Executive Committee.",
    rewrite: "The new school superintendent is Harry Davis, a veteran agriculture teacher, who defeated Felix Bush, a school principal and chairman of the Miller County Democratic Executive Committee.",
    labels: ["punctuation"],
  },
  {
    original: "Davis received 1,119 votes in Saturday's election, and Bush got a whopping 402.",
    rewrite: "Davis received 1,119 votes in Saturday's election, and Bush got 402.",
    labels: ["concision"],
  },
  {
    original: "Ordinary Carey Williams, armed with a pistol, stood by at the polls to insure order.",
    rewrite: "Ordinary Carey Williams, armed with a pistol, stood by at the polls to ensure order.",
    labels: ["spelling"],
  },
  {
    original: "This was the coolest, calmest election I ever saw, Colquitt Policeman Tom Williams said.",
    rewrite: "This was the coolest, calmest election I have ever seen, Colquitt Policeman Tom Williams said.",
    labels: ["grammar", "grammar"],
  },
  {
    original: "Being at the polls was just like being at church. I didn't smell a drop of liquor, and we didn't have a bit of trouble.",
    rewrite: "Being at the polls was like being at church. I didn't smell a drop of liquor, and we didn't have a bit of trouble.",
    labels: ["concision"],
  },
  {
    original: "The campaign leading to the election was not so quiet however.",
    rewrite: "The campaign leading to the election was not so quiet, however.",
    labels: ["punctuation"],
  },
  {
    original: "It was marked by controversy, anonymous midnight phone calls and veiled threats of violence.",
    rewrite: "It was marked by controversy, anonymous midnight phone calls, and veiled threats of violence.",
    labels: ["punctuation"],
  },
  {
    original: "The former county school superintendent, George P. Callan, shot himself to death March 18, four days after he resigned his post in a dispute with the county school board.",
    rewrite: "The former county school superintendent, George P. Callan, shot himself to death on March 18, four days after he resigned his post in a dispute with the county school board.",
    labels: ["grammar"],
  },
  {
    original: "During the election campaign, both candidates, Davis and Bush, reportedly recieved anonymous telephone calls.",
    rewrite: "During the election campaign, both candidates, Davis and Bush, reportedly received anonymous telephone calls.",
    labels: ["spelling"],
  },
  {
    original: "Ordinary Williams said he, too, was subjected to anonymous calls soon after he scheduled the election.",
    rewrite: "Ordinary Williams said he too was subjected to anonymous calls soon after he scheduled the election.",
    labels: ["punctuation", "punctuation"],
  },
  {
    original: "Many local citizens feared that there would be irregularities at the polls, and Williams got himself a permit to carry a gun and promised a orderly election.",
    rewrite: "Many local citizens feared that there would be irregularities at the polls, and Williams got a permit to carry a gun and promised an orderly election.",
    labels: ["concision", "grammar"],
  },
  {
    original: "Sheriff Felix Tabb said the ordinary apparently made good his promise.",
    rewrite: "Sheriff Felix Tabb said the ordinary evidently made good his promise.",
    labels: ["word-choice"],
  },
  {
    original: "Everything went real smooth, the sheriff said.",
    rewrite: "Everything went smoothly, the sheriff said.",
    labels: ["grammar"],
  },
  {
    original: "There wasn't a bit of trouble, and the folks were totally chill about it.",
    rewrite: "There wasn't a bit of trouble, and the voters were calm about it.",
    labels: ["word-choice", "tone"],
  },
  {
    original: "Austin, Texas -- Committee approval of Gov. Price Daniel's abandoned property act seemed certain thursday despite the adamant protests of Texas bankers.",
    rewrite: "Austin, Texas -- Committee approval of Gov. Price Daniel's abandoned property act seemed certain Thursday despite the adamant protests of Texas bankers.",
    labels: ["capitalization"],
  },
  {
    original: "Daniel personally led the fight for the measure, which he had watered down considerably since it's rejection by two previous Legislatures, in a public hearing before the House Committee on Revenue and Taxation.",
    rewrite: "Daniel personally led the fight for the measure, which he had watered down considerably since its rejection by two previous Legislatures, in a public hearing before the House Committee on Revenue and Taxation.",
    labels: ["grammar"],
  },
  {
    original: "Under committee rules, it went automatically to a subcommittee for one week.",
    rewrite: "Under committee rules, it went automatically to a subcommittee for one week .",
    labels: ["punctuation"],
  },
  {
    original: "But questions with which committee members taunted bankers appearing as witnesses left little doubt that they will recommend passage of it.",
    rewrite: "But questions with which committee members taunted bankers appearing as witnesses left little doubt that they will recommend passage.",
    labels: ["concision"],
  },
  {
    original: "Daniel termed the plan a means to collect tax money from persons which had forgotten about their accounts.",
    rewrite: "Daniel termed the plan a means to collect tax money from persons who had forgotten about their accounts.",
    labels: ["grammar"],
  },
  {
    original: "The bankers said that the bill was terrible and would force them to violate the confidential relationship with depositors.",
    rewrite: "The bankers said that the bill was unwise and would force them to violate the confidential relationship with depositors.",
    labels: ["tone"],
  },
  {
    original: "A veteran Jersey Demo, Sen. Price, said the state needs a large number of new schools.",
    rewrite: "A veteran Jersey Democrat, Sen. Price, said the state needs many new schools.",
    labels: ["word-choice", "concision"],
  },
  {
    original: "The committee members was unanimous in their support for the bill.",
    rewrite: "The committee members were unanimous in their support for the bill.",
    labels: ["grammar"],
  },
  {
    original: "The governor has went to Washington to discuss the matter with federal officials.",
    rewrite: "The governor has gone to Washington to discuss the matter with federal officials.",
    labels: ["grammar"],
  },
  {
    original: "Their going to appeal the decision, the lawyer said.",
    rewrite: "They're going to appeal the decision, the lawyer said.",
    labels: ["grammar"],
  },
  {
    original: "The results were more better than the council had expected.",
    rewrite: "The results were better than the council had expected.",
    labels: ["grammar"],
  },
  {
    original: "At this point in time, the council has not made a decision on the proposal.",
    rewrite: "Now, the council has not decided on the proposal.",
    labels: ["concision", "concision"],
  },
  {
    original: "The report was written by the committee in a hurry and was submitted late.",
    rewrite: "The committee wrote the report hastily and submitted it late.",
    labels: ["style", "style", "style", "style"],
  },
  {
    original: "The mayor said he would *never* raise taxes.",
    rewrite: "The mayor said he would never raise taxes.",
    labels: ["formatting", "formatting"],
  },
  {
    original: "The budget  was approved without debate.",
    rewrite: "The budget was approved without debate.",
    labels: ["formatting"],
  },
  {
    original: "The senator walked in the room and sat down.",
    rewrite: "The senator walked into the room and sat down.",
    labels: ["grammar"],
  },
  {
    original: "He is an honest man who's reputation is spotless.",
    rewrite: "He is an honest man whose reputation is spotless.",
    labels: ["grammar"],
  },
  {
    original: "The new policy will effect thousands of workers.",
    rewrite: "The new policy will affect thousands of workers.",
    labels: ["grammar"],
  },
  {
    original: "We definately need more teachers in rural districts.",
    rewrite: "We definitely need more teachers in rural districts.",
    labels: ["spelling"],
  },
  {
    original: "The commitee met on Tuesday.",
    rewrite: "The committee met on Tuesday.",
    labels: ["spelling"],
  },
  {
    original: "The plan has the ability to reduce costs.",
    rewrite: "The plan can reduce costs.",
    labels: ["concision"],
  },
  {
    original: "The city will utilize the funds for road repairs.",
    rewrite: "The city will use the funds for road repairs.",
    labels: ["word-choice"],
  },
  {
    original: "Hey guys, the meeting is gonna start at noon.",
    rewrite: "The meeting will start at noon.",
    labels: ["tone", "tone"],
  },
  {
    original: "It is very unique in its design.",
    rewrite: "It is unique in its design.",
    labels: ["concision"],
  },
  {
    original: "Voters went to the polls. they chose a new mayor.",
    rewrite: "Voters went to the polls. They chose a new mayor.",
    labels: ["capitalization"],
  },
  {
    original: "The sun rose slowly over the hills and the town began to wake.",
    rewrite: "As the sun rose slowly over the hills, the town began to wake.",
    labels: ["style", "style"],
  },
  {
    original: "东京是日本的首都。",
    rewrite: "东京是日本的首都和最大城市。",
    labels: ["word-choice"],
  },
  {
    original: "The café served crème brûlée and espresso 👍",
    rewrite: "The café served crème brûlée and espresso. 👍",
    labels: ["punctuation"],
  },
];
