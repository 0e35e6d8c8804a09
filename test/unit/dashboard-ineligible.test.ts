import { describe, expect, it } from "vitest";
import { ineligibleText } from "../../dashboard/src/data/ineligible";

describe("a trace's ineligible reasons in words", () => {
  it("says how many leads from elsewhere filled a cap", () => {
    const outside = { dayCount: 4, weekCount: 9 };
    expect(ineligibleText({ ineligibleReasons: ["cap_day"], outside })).toBe(
      "daily cap reached (4 taken elsewhere)",
    );
    expect(ineligibleText({ ineligibleReasons: ["ooo", "cap_week"], outside })).toBe(
      "out of office, weekly cap reached (9 taken elsewhere)",
    );
  });

  it("words a cap the team's own leads filled, and unknown reasons, as they are", () => {
    expect(ineligibleText({ ineligibleReasons: ["cap_day"], outside: { dayCount: 0, weekCount: 3 } })).toBe(
      "daily cap reached",
    );
    expect(ineligibleText({ ineligibleReasons: ["cap_week", "something_new"] })).toBe(
      "weekly cap reached, something_new",
    );
    expect(ineligibleText({})).toBe("");
  });
});
