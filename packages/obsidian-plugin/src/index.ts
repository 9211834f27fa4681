export { default as RedlinePlugin } from "./main.js";
