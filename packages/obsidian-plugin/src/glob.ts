/**
 * Vault-path globs for exclusions: `*` matches within one path segment, `**`
 * across segments, `?` one character, `{a,b}` alternatives. Small on purpose:
 * exclusion patterns are typed by writers, and a dependency for this would
 * ship more surface than it saves.
 */
export function globToRegExp(glob: string): RegExp {
  let re = "";
  let inGroup = false;
  for (let i = 0; i < glob.length; i++) {
    const c = glob.charAt(i);
    if (c === "*") {
      if (glob.charAt(i + 1) === "*") {
        i++;
        // `**/` may match zero segments, so `**/x` also matches `x`.
        if (glob.charAt(i + 1) === "/") {
          i++;
          re += "(?:.*/)?";
        } else {
          re += ".*";
        }
      } else {
        re += "[^/]*";
      }
    } else if (c === "?") re += "[^/]";
    else if (c === "{") {
      inGroup = true;
      re += "(?:";
    } else if (c === "}" && inGroup) {
      inGroup = false;
      re += ")";
    } else if (c === "," && inGroup) re += "|";
    else re += c.replace(/[.+^$()|[\]\\]/g, "\\$&");
  }
  return new RegExp(`^${re}$`, "u");
}

export function matchesGlob(path: string, glob: string): boolean {
  return globToRegExp(glob.trim()).test(path);
}
