import { describe, expect, it } from "vitest";
import { demoConfig } from "../../scripts/demo/config";
import { FOLLOW_UP_LATE_MS, followUpEmail, followUpWindows } from "../../worker/core/forms/follow-up";
import type { Form } from "../../worker/core/config-doc";

const NOW = Date.parse("2026-03-02T12:00:00Z");
const form = (patch: Partial<Form>): Form => ({ ...(demoConfig.forms[0] as Form), ...patch });

describe("followUpWindows", () => {
  it("has a window only for forms with a follow-up, ending afterMinutes ago and a day long", () => {
    const windows = followUpWindows(
      [
        form({ id: "off" }),
        form({ id: "on", language: "fr", followUp: { afterMinutes: 45, emailVisitor: false } }),
      ],
      NOW,
    );
    expect(windows).toEqual([
      {
        formId: "on",
        shownBefore: NOW - 45 * 60_000,
        shownFrom: NOW - 45 * 60_000 - FOLLOW_UP_LATE_MS,
        emailVisitor: false,
        language: "fr",
      },
    ]);
  });

  it("writes in English when the form follows the visitor's browser: the cron has none to ask", () => {
    const [w] = followUpWindows(
      [form({ language: "browser", followUp: { afterMinutes: 5, emailVisitor: true } })],
      NOW,
    );
    expect(w!.language).toBe("en");
  });
});

describe("followUpEmail", () => {
  it("fills the rep, the org and the link into the language's message", () => {
    const mail = followUpEmail("ja", { rep: "Ana", org: "Acme", url: "https://b.example/l/1?token=t" });
    expect(mail.subject).toBe("Anaとの日時をお選びください");
    expect(mail.text).toContain("https://b.example/l/1?token=t");
    expect(mail.text).toContain("Acme");
  });
});
