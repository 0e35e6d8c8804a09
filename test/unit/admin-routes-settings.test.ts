import * as fc from "fast-check";
import { describe, expect, it } from "vitest";
import { demoConfig } from "../../scripts/demo/config";
import { setSetting } from "../../dashboard/src/config/settings";
import {
  leadApiFilters,
  leadFilterForm,
  leadListHash,
  NO_LEAD_FILTERS,
  type LeadFilterForm,
} from "../../dashboard/src/data/lead-filters";
import { parseHash } from "../../dashboard/src/route";

describe("the dashboard's hash routes", () => {
  it("splits the path into parts and the query into an object", () => {
    expect(parseHash("")).toEqual({ parts: [], query: {} });
    expect(parseHash("#/leads/abc%2F1")).toEqual({ parts: ["leads", "abc/1"], query: {} });
    expect(parseHash("#/leads?status=routed&q=acme+corp")).toEqual({
      parts: ["leads"],
      query: { status: "routed", q: "acme corp" },
    });
    // A query value may hold slashes and question marks; only the first "?" starts the query.
    expect(parseHash("#/leads?q=a/b?c")).toEqual({ parts: ["leads"], query: { q: "a/b?c" } });
  });

  it("keeps a malformed escape as typed instead of throwing", () => {
    expect(parseHash("#/leads/%E0%A4%A")).toEqual({ parts: ["leads", "%E0%A4%A"], query: {} });
  });
});

describe("the lead list's filters in the URL", () => {
  it("leaves blank filters out, so no filter is plain #/leads", () => {
    expect(leadListHash(NO_LEAD_FILTERS)).toBe("#/leads");
    expect(leadListHash({ ...NO_LEAD_FILTERS, status: "routed", q: " acme " })).toBe(
      "#/leads?q=acme&status=routed",
    );
  });

  it("reads back every filter it wrote, whatever the text (round trip through the hash)", () => {
    const value = fc.oneof(fc.constant(""), fc.string({ maxLength: 30 }), fc.webPath());
    const form = fc.record<LeadFilterForm>({
      q: value,
      status: value,
      teamId: value,
      repId: value,
      from: value,
      to: value,
    });
    fc.assert(
      fc.property(form, (f) => {
        const trimmed = Object.fromEntries(Object.entries(f).map(([k, v]) => [k, v.trim()]));
        expect(leadFilterForm(parseHash(leadListHash(f)).query)).toEqual(trimmed);
      }),
    );
  });

  it("ignores unknown query keys and sends whole UTC days to the API", () => {
    const form = leadFilterForm({ status: "booked", from: "2026-05-01", to: "2026-05-03", x: "1" });
    expect(form).toEqual({ ...NO_LEAD_FILTERS, status: "booked", from: "2026-05-01", to: "2026-05-03" });
    expect(leadApiFilters(form)).toEqual({
      status: "booked",
      from: "2026-05-01T00:00:00.000Z",
      to: "2026-05-03T23:59:59.999Z",
    });
  });
});

describe("editing the organisation-wide settings", () => {
  it("sets and clears the retention period, dropping the empty section", () => {
    const doc = structuredClone(demoConfig) as Parameters<typeof setSetting>[0];
    delete doc.privacy;
    setSetting(doc, "privacy", "retentionDays", 30);
    expect(doc.privacy).toEqual({ retentionDays: 30 });
    setSetting(doc, "privacy", "retentionDays", undefined);
    expect("privacy" in doc).toBe(false);
  });

  it("keeps the other channel when one is cleared", () => {
    const doc = structuredClone(demoConfig) as Parameters<typeof setSetting>[0];
    setSetting(doc, "notifications", "email", "leads@example.com");
    setSetting(doc, "notifications", "slackWebhookUrl", "https://hooks.slack.com/services/T/B/x");
    setSetting(doc, "notifications", "slackWebhookUrl", "");
    expect(doc.notifications).toEqual({ email: "leads@example.com" });
  });
});
