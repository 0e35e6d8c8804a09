/**
 * The server's real answers match the contracts the widget is typed against, field for field:
 * each body is parsed with the contract made strict (no field the contract lacks, none it
 * requires missing). The widget imports these contracts as types, so a server answer that
 * drifted from them would be a browser reading fields that are not there.
 */
import { z } from "zod";
import { describe, expect, it } from "vitest";
import { BookingCreatedSchema, SlotsResponseSchema } from "../../worker/booking/contract";
import { PublicFormSchema, SubmissionResponseSchema } from "../../worker/intake/contract";
import { AccountsPageSchema } from "../../worker/accounts/contract";
import { AnalyticsSchema } from "../../worker/analytics/contract";
import { AuditPageSchema } from "../../worker/audit/contract";
import { VersionListSchema } from "../../worker/config/contract";
import { LeadDetailSchema, LeadsPageSchema, OutcomeRecordedSchema } from "../../worker/leads/contract";
import { DeliveriesPageSchema } from "../../worker/notify/contract";
import { admin, call } from "./helpers";
import { book, seedLead, setUpSchedulingTests, slots, utc } from "./booking-fixtures";

setUpSchedulingTests();

/** The schema with every object strict, so an extra field fails as a missing one does. */
function exactly<T extends z.ZodObject>(schema: T) {
  return z.strictObject(
    Object.fromEntries(
      Object.entries(schema.shape).map(([key, field]) => [key, strictInside(field as z.ZodType)]),
    ),
  );
}
function strictInside(field: z.ZodType): z.ZodType {
  if (field instanceof z.ZodNullable) return strictInside(field.unwrap() as z.ZodType).nullable();
  if (field instanceof z.ZodArray) return z.array(strictInside(field.element as z.ZodType));
  if (field instanceof z.ZodObject) return exactly(field);
  return field;
}

function parsed(schema: z.ZodObject, body: unknown) {
  const result = exactly(schema).safeParse(body);
  return result.success ? "matches" : z.prettifyError(result.error);
}

describe("server answers and the browser's contracts", () => {
  it("GET /v1/forms/:formId answers a PublicForm", async () => {
    const res = await call("/v1/forms/demo");
    expect(res.status).toBe(200);
    expect(parsed(PublicFormSchema, await res.json())).toBe("matches");
  });

  it("POST /v1/forms/:formId/submissions answers a SubmissionResponse", async () => {
    const form = PublicFormSchema.parse(await (await call("/v1/forms/demo")).json());
    const fields: Record<string, unknown> = {};
    for (const f of form.fields.filter((field) => field.required)) {
      if (f.type === "email") fields[f.name] = "drift.check@globex.example";
      else if (f.type === "checkbox") fields[f.name] = true;
      else if (f.type === "multiselect") fields[f.name] = [f.options![0]!.value];
      else if (f.type === "select") fields[f.name] = f.options![0]!.value;
      else if (f.type === "country") fields[f.name] = "DE";
      else if (f.type === "number") fields[f.name] = 50;
      else if (f.type === "url") fields[f.name] = "https://globex.example";
      else if (f.type !== "hidden") fields[f.name] = "Globex";
    }
    const res = await call("/v1/forms/demo/submissions", {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ fields, context: { pageUrl: "https://globex.example/demo", referrer: "" } }),
    });
    expect(res.status).toBe(201);
    expect(parsed(SubmissionResponseSchema, await res.json())).toBe("matches");
  });

  it("GET /v1/leads/:leadId/slots and POST /v1/leads/:leadId/bookings answer their contracts", async () => {
    const lead = await seedLead("team-a", "shared");
    const more = await slots(lead);
    expect(more.status).toBe(200);
    expect(parsed(SlotsResponseSchema, await more.json())).toBe("matches");
    const created = await book(lead, utc("09:30", "2026-03-04"));
    expect(created.status).toBe(201);
    expect(parsed(BookingCreatedSchema, await created.json())).toBe("matches");
  });

  it("the admin answers the dashboard reads match their contracts", async () => {
    const lead = await seedLead("team-a", "shared");
    expect((await book(lead, utc("10:30", "2026-03-04"))).status).toBe(201);
    const outcome = await admin(`/v1/admin/leads/${lead.leadId}/outcomes`, {
      method: "POST",
      body: { kind: "contacted" },
    });
    expect(parsed(OutcomeRecordedSchema, await outcome.json())).toBe("matches");
    const detail = await (await admin(`/v1/admin/leads/${lead.leadId}`)).json<{ bookings: unknown[] }>();
    expect(detail.bookings).toHaveLength(1);
    expect(parsed(LeadDetailSchema, detail)).toBe("matches");
    const reads: [string, z.ZodObject][] = [
      ["/v1/admin/leads", LeadsPageSchema],
      [`/v1/admin/deliveries?leadId=${lead.leadId}`, DeliveriesPageSchema],
      ["/v1/admin/analytics?from=2026-03-01&to=2026-03-05", AnalyticsSchema],
      ["/v1/admin/config/versions", VersionListSchema],
      ["/v1/admin/audit", AuditPageSchema],
      ["/v1/admin/accounts", AccountsPageSchema],
    ];
    for (const [path, schema] of reads) {
      const res = await admin(path);
      expect(res.status, path).toBe(200);
      expect(parsed(schema, await res.json()), path).toBe("matches");
    }
  });
});
