/**
 * retext-simplify (plainer, shorter wording) and retext-passive (passive
 * voice), imported dynamically by the engine for the tighten function.
 * retext reports UTF-16 offsets, like JavaScript strings.
 */
import { retext } from "retext";
import retextPassive from "retext-passive";
import retextSimplify from "retext-simplify";

export interface RetextMessageRecord {
  readonly source: "retext-simplify" | "retext-passive";
  readonly ruleId: string;
  readonly from: number;
  readonly to: number;
  readonly actual: string;
  readonly expected: readonly string[];
  readonly message: string;
}

export interface RetextBackend {
  check(text: string): Promise<RetextMessageRecord[]>;
}

export function createRetextBackend(): RetextBackend {
  const processor = retext().use(retextSimplify).use(retextPassive);
  return {
    async check(text) {
      const file = await processor.process(text);
      const out: RetextMessageRecord[] = [];
      for (const m of file.messages) {
        const from = m.place && "start" in m.place ? m.place.start.offset : undefined;
        const to = m.place && "end" in m.place ? m.place.end.offset : undefined;
        if (from === undefined || to === undefined) continue;
        const source = m.source === "retext-passive" ? "retext-passive" : "retext-simplify";
        out.push({
          source,
          ruleId: m.ruleId ?? "unknown",
          from,
          to,
          actual: m.actual ?? text.slice(from, to),
          expected: Array.isArray(m.expected) ? m.expected.filter((e): e is string => typeof e === "string") : [],
          message: m.reason,
        });
      }
      return out.sort((a, b) => a.from - b.from);
    },
  };
}
