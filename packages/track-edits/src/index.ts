export { CATEGORIES, isCategory, patternKey } from "./taxonomy.js";
export type { Category } from "./taxonomy.js";
