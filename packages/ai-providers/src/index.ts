export { classifyHttpFailure, ERROR_CLASSES } from "./errors.js";
export type { ErrorClass } from "./errors.js";
