/**
 * The Salesforce fake's records (test/fakes/salesforce.ts serves them): the REST API under
 * `/services/data/vXX.X/` — SOQL query with paging, composite, sobject create/get/patch and
 * upsert by external id — with validation rules, field-level security and duplicate rules,
 * in Salesforce's documented shapes (docs/integrations-salesforce.md).
 */
import { parseSoql, project, runSoql, SoqlError, type SfRecord } from "./salesforce-soql";
import type { Answer } from "./server";

export type Rules = {
  validation: { object: string; field: string; equals: string; message: string }[];
  duplicates: boolean;
  hiddenFields: string[];
};
/** One org's records and the settings a save or query meets. */
export type Records = {
  records: Map<string, SfRecord>;
  seq: number;
  batchSize: number;
  locators: Map<string, { rows: unknown[]; at: number }>;
  rules: Rules;
};
type Clock = { clock: () => number };

export const PREFIX: Record<string, string> = {
  Lead: "00Q",
  Contact: "003",
  Account: "001",
  Event: "00U",
  User: "005",
};
export const sfError = (status: number, errorCode: string, message: string, extra: object = {}): Answer => ({
  status,
  body: [{ message, errorCode, ...extra }],
});

export const iso = (ms: number) => new Date(ms).toISOString().replace("Z", "+0000");

export function insert(state: Clock, org: Records, type: string, fields: Record<string, unknown>): SfRecord {
  const id = (fields.Id as string) ?? `${PREFIX[type] ?? "a00"}${String(++org.seq).padStart(12, "0")}AAA`;
  const at = iso(state.clock());
  const rec: SfRecord = {
    Id: id,
    type,
    // Leads are open until converted (Lead.IsConverted, Lead.Status defaults).
    fields: {
      CreatedDate: at,
      SystemModstamp: at,
      ...(type === "Lead" ? { IsConverted: false, Status: "Open - Not Contacted" } : {}),
      ...fields,
      Id: undefined,
    },
  };
  delete rec.fields.Id;
  org.records.set(id, rec);
  return rec;
}

/** Validation rules, field-level security and duplicate rules, as a save would meet them. */
function checkSave(
  org: Records,
  type: string,
  fields: Record<string, unknown>,
  existing?: SfRecord,
): Answer | null {
  const hidden = Object.keys(fields).filter((f) => org.rules.hiddenFields.includes(`${type}.${f}`));
  if (hidden.length)
    return sfError(
      400,
      "INVALID_FIELD_FOR_INSERT_UPDATE",
      `Unable to create/update fields: ${hidden.join(", ")}. Please check the security settings of this field and verify that it is read/write for your profile or permission set.`,
      { fields: hidden },
    );
  const merged = { ...existing?.fields, ...fields };
  for (const r of org.rules.validation)
    if (r.object === type && String(merged[r.field] ?? "") === r.equals)
      return sfError(400, "FIELD_CUSTOM_VALIDATION_EXCEPTION", r.message, { fields: [r.field] });
  if (!existing && org.rules.duplicates && type === "Lead" && typeof fields.Email === "string") {
    const dup = [...org.records.values()].find(
      (x) =>
        x.type === "Contact" && String(x.fields.Email).toLowerCase() === String(fields.Email).toLowerCase(),
    );
    if (dup)
      return {
        status: 400,
        body: [
          {
            duplicateResult: {
              allowSave: false,
              duplicateRule: "Standard_Rule_for_Leads_with_Duplicate_Contacts",
              duplicateRuleEntityType: "Lead",
              errorMessage: "Use one of these records?",
              matchResults: [
                {
                  entityType: "Contact",
                  errors: [],
                  matchEngine: "FuzzyMatchEngine",
                  matchRecords: [
                    { matchConfidence: 100, record: { attributes: { type: "Contact" }, Id: dup.Id } },
                  ],
                  rule: "Standard_Contact_Match_Rule_v1_1",
                  size: 1,
                  success: true,
                },
              ],
            },
            errorCode: "DUPLICATES_DETECTED",
            message: "Use one of these records?",
          },
        ],
      };
  }
  return null;
}

function query(state: Clock, org: Records, q: string, version: string): Answer {
  let parsed;
  try {
    parsed = parseSoql(q);
  } catch (err) {
    if (err instanceof SoqlError) return sfError(400, "MALFORMED_QUERY", err.message);
    throw err;
  }
  const resolve = (id: unknown) => (typeof id === "string" ? org.records.get(id) : undefined);
  const all = [...org.records.values()].filter((r) => r.type === parsed.object);
  const rows = runSoql(parsed, all, resolve).map((r) => project(r, parsed.fields, resolve, version));
  return page(state, org, rows, 0, version);
}

function page(state: Clock, org: Records, rows: unknown[], offset: number, version: string): Answer {
  const batch = rows.slice(offset, offset + org.batchSize);
  const done = offset + batch.length >= rows.length;
  const body: Record<string, unknown> = { totalSize: rows.length, done, records: batch };
  if (!done) {
    const locator = `01g${String(org.locators.size + 1).padStart(15, "0")}`;
    org.locators.set(locator, { rows, at: state.clock() });
    body.nextRecordsUrl = `/services/data/${version}/query/${locator}-${offset + batch.length}`;
  }
  return { status: 200, body };
}

function sobjects(state: Clock, org: Records, method: string, parts: string[], body: any): Answer {
  const [type, a, b] = parts as [string, string | undefined, string | undefined];
  if (!PREFIX[type]) return sfError(404, "NOT_FOUND", `The requested resource does not exist`);
  if (!a && method === "POST") {
    const bad = checkSave(org, type, body ?? {});
    if (bad) return bad;
    if (type === "Lead" && (!body?.LastName || !body?.Company))
      return sfError(400, "REQUIRED_FIELD_MISSING", "Required fields are missing: [LastName, Company]", {
        fields: ["LastName", "Company"].filter((f) => !body?.[f]),
      });
    return { status: 201, body: { id: insert(state, org, type, body ?? {}).Id, success: true, errors: [] } };
  }
  if (a && b !== undefined && method === "PATCH") {
    const found = [...org.records.values()].filter(
      (r) => r.type === type && String(r.fields[a] ?? "") === decodeURIComponent(b),
    );
    if (found.length > 1)
      return { status: 300, body: found.map((r) => `/services/data/v62.0/sobjects/${type}/${r.Id}`) };
    const bad = checkSave(org, type, body ?? {}, found[0]);
    if (bad) return bad;
    if (found[0]) {
      Object.assign(found[0].fields, body, { SystemModstamp: iso(state.clock()) });
      return { status: 200, body: { id: found[0].Id, success: true, errors: [], created: false } };
    }
    const rec = insert(state, org, type, { ...body, [a]: decodeURIComponent(b) });
    return { status: 201, body: { id: rec.Id, success: true, errors: [], created: true } };
  }
  const rec = a ? org.records.get(a) : undefined;
  if (!rec || rec.type !== type) return sfError(404, "NOT_FOUND", "The requested resource does not exist");
  if (method === "PATCH") {
    const bad = checkSave(org, type, body ?? {}, rec);
    if (bad) return bad;
    Object.assign(rec.fields, body, { SystemModstamp: iso(state.clock()) });
    return { status: 204, body: null };
  }
  return {
    status: 200,
    body: {
      attributes: { type, url: `/services/data/v62.0/sobjects/${type}/${rec.Id}` },
      Id: rec.Id,
      ...rec.fields,
    },
  };
}

/** Replaces `@{ref.path}` with values from earlier subrequests' bodies. */
function dereference(value: unknown, refs: Map<string, unknown>): unknown {
  if (typeof value === "string")
    return value.replace(
      /@\{([A-Za-z0-9_]+)((?:\.[A-Za-z0-9_]+|\[\d+\])*)\}/g,
      (_, ref: string, path: string) => {
        let v: any = refs.get(ref);
        for (const step of path.match(/[A-Za-z0-9_]+|\d+/g) ?? []) v = v?.[step];
        return String(v ?? "");
      },
    );
  if (Array.isArray(value)) return value.map((v) => dereference(v, refs));
  if (value && typeof value === "object")
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, dereference(v, refs)]));
  return value;
}

function composite(state: Clock, org: Records, body: any): Answer {
  const subs: any[] = body?.compositeRequest ?? [];
  if (!subs.length || subs.length > 25)
    return sfError(400, "INVALID_INPUT", "A composite request must have 1 to 25 subrequests");
  const refs = new Map<string, unknown>();
  const compositeResponse = subs.map((s) => {
    const url = new URL(String(dereference(s.url, refs)), "http://fake");
    const a = api(state, org, s.method, url, dereference(s.body, refs));
    refs.set(s.referenceId, a.body);
    return { body: a.body, httpHeaders: {}, httpStatusCode: a.status, referenceId: s.referenceId };
  });
  return { status: 200, body: { compositeResponse } };
}

export function api(state: Clock, org: Records, method: string, url: URL, body: unknown): Answer {
  const m = /^\/services\/data\/(v\d+\.\d)\/(.*)$/.exec(url.pathname);
  if (!m) return sfError(404, "NOT_FOUND", "The requested resource does not exist");
  const [, version, rest] = m as unknown as [string, string, string];
  if (rest === "query" && method === "GET")
    return query(state, org, url.searchParams.get("q") ?? "", version);
  const more = /^query\/(01g\d+)-(\d+)$/.exec(rest);
  if (more && method === "GET") {
    const loc = org.locators.get(more[1]!);
    if (!loc) return sfError(400, "INVALID_QUERY_LOCATOR", "invalid query locator");
    return page(state, org, loc.rows, Number(more[2]), version);
  }
  if (rest === "composite" && method === "POST") return composite(state, org, body);
  if (rest.startsWith("sobjects/")) return sobjects(state, org, method, rest.split("/").slice(1), body);
  return sfError(404, "NOT_FOUND", "The requested resource does not exist");
}
