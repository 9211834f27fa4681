/**
 * Small pieces of the wording every explanation shares, so that a function's
 * name and a percentage read the same in a hide reason, a parameter change,
 * an insight and the metrics.
 */

/** A display name from a function id when the host gives none: "adjust-tone" → "Adjust Tone". */
export function titleCase(id: string): string {
  return id
    .split(/[-_\s]+/u)
    .filter(Boolean)
    .map((w) => w.charAt(0).toUpperCase() + w.slice(1))
    .join(" ");
}

/** A share in [0, 1] as a whole percentage: 0.704 → "70%". */
export function pct(x: number): string {
  return `${Math.round(x * 100)}%`;
}
