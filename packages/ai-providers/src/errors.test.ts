import { describe, expect, it } from "vitest";
import { classifyHttpFailure, ERROR_CLASSES } from "./errors.js";

describe("classifyHttpFailure", () => {
  it.each([
    [401, "", "auth"],
    [403, "", "auth"],
    [429, "", "rate-limited"],
    [529, "", "overloaded"],
    [503, '{"error":{"type":"overloaded_error"}}', "overloaded"],
    [500, "", "server"],
    [502, "", "server"],
    [400, "This model's maximum context length is 8192 tokens", "context-window"],
    [400, "prompt is too long: 210000 tokens > 200000 maximum", "context-window"],
    [400, "Your request was rejected as a result of our safety system", "content-policy"],
    [400, "messages: field required", "bad-request"],
  ] as const)("status %i with %j is %s", (status, body, expected) => {
    expect(classifyHttpFailure(status, body)).toBe(expected);
  });

  it("always answers with a member of the closed set", () => {
    for (let status = 400; status < 600; status++) {
      expect(ERROR_CLASSES).toContain(classifyHttpFailure(status, "x"));
    }
  });
});
