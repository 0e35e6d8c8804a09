/**
 * The HubSpot fake's record store (test/fakes/hubspot.ts serves it): CRM v3 objects (contacts,
 * companies, meetings) with search, batch upsert by email and v4 contact→company associations,
 * and the owners list, in HubSpot's documented shapes (docs/integrations-hubspot.md).
 */
export type Props = Record<string, string | null>;
export type Obj = { id: string; properties: Props; createdAt: string; updatedAt: string; assoc: string[] };
export type Owner = { id: string; email: string; firstName: string; lastName: string; archived?: boolean };
/** One portal's records. */
export type Store = {
  contacts: Map<string, Obj>;
  companies: Map<string, Obj>;
  meetings: Map<string, Obj>;
  owners: Owner[];
};
/** Where new record ids and times come from. */
export type Ids = { seq: number; clock: () => number };

export const cid = () => crypto.randomUUID();
/** HubSpot's documented error body. */
export const hsError = (status: number, category: string, message: string, extra: object = {}) => ({
  status,
  body: { status: "error", message, correlationId: cid(), category, ...extra },
});

function now(state: Ids) {
  return new Date(state.clock()).toISOString();
}

function pick(o: Obj, wanted: string[] | undefined, defaults: string[]) {
  const names = [...new Set([...defaults, ...(wanted ?? [])])];
  const properties: Props = { hs_object_id: o.id };
  for (const n of names) if (n in o.properties) properties[n] = o.properties[n] ?? null;
  return { id: o.id, properties, createdAt: o.createdAt, updatedAt: o.updatedAt, archived: false };
}

export function makeObj(state: Ids, properties: Props): Obj {
  const at = now(state);
  const id = String(++state.seq);
  return {
    id,
    properties: { ...properties, hs_lastmodifieddate: at, createdate: at },
    createdAt: at,
    updatedAt: at,
    assoc: [],
  };
}

function touch(state: Ids, o: Obj, properties: Props) {
  const at = now(state);
  Object.assign(o.properties, properties, { hs_lastmodifieddate: at });
  o.updatedAt = at;
}

type Filter = { propertyName: string; operator: string; value: string };
function matches(o: Obj, filters: Filter[]): boolean {
  return filters.every((f) => {
    const v = o.properties[f.propertyName];
    if (f.operator === "EQ") return (v ?? "").toLowerCase() === String(f.value).toLowerCase();
    if (f.operator === "GTE") return v != null && Date.parse(v) >= Number(f.value);
    throw new Error(`operator ${f.operator} not in the fake`);
  });
}

const DEFAULTS: Record<string, string[]> = {
  contacts: ["email", "firstname", "lastname", "createdate", "lastmodifieddate"],
  companies: ["domain", "name", "createdate", "hs_lastmodifieddate"],
  meetings: ["hs_timestamp", "hs_meeting_title"],
};

function search(p: Store, kind: "contacts" | "companies" | "meetings", body: any) {
  const store = p[kind];
  const groups: { filters: Filter[] }[] = body?.filterGroups ?? [];
  if (groups.length > 5 || groups.reduce((n, g) => n + g.filters.length, 0) > 25)
    return hsError(400, "VALIDATION_ERROR", "Too many filters");
  const limit = Math.min(Number(body?.limit ?? 10), 200);
  let rows = [...store.values()].filter((o) => !groups.length || groups.some((g) => matches(o, g.filters)));
  const sort = body?.sorts?.[0];
  if (sort)
    rows = rows.toSorted((a, b) => {
      const d =
        Date.parse(a.properties[sort.propertyName] ?? "") - Date.parse(b.properties[sort.propertyName] ?? "");
      return (sort.direction === "DESCENDING" ? -d : d) || Number(a.id) - Number(b.id);
    });
  const offset = Number(body?.after ?? 0);
  if (offset + limit > 10_000)
    return hsError(400, "VALIDATION_ERROR", "Search results are limited to 10,000");
  const page = rows.slice(offset, offset + limit);
  const next = offset + limit < rows.length ? { paging: { next: { after: String(offset + limit) } } } : {};
  return {
    status: 200,
    body: {
      total: rows.length,
      results: page.map((o) => pick(o, body?.properties, DEFAULTS[kind]!)),
      ...next,
    },
  };
}

function byEmail(p: Store, email: string) {
  const e = email.toLowerCase();
  return [...p.contacts.values()].find((c) => (c.properties.email ?? "").toLowerCase() === e);
}

function upsert(state: Ids, p: Store, body: any) {
  const results = (body?.inputs ?? []).map((input: any) => {
    if (input.idProperty !== "email") throw new Error("the fake upserts by email only");
    const found = byEmail(p, input.id);
    if (found) {
      touch(state, found, input.properties ?? {});
      return { ...pick(found, Object.keys(input.properties ?? {}), ["email"]), new: false };
    }
    const o = makeObj(state, { ...input.properties, email: input.id });
    p.contacts.set(o.id, o);
    return { ...pick(o, Object.keys(input.properties ?? {}), ["email"]), new: true };
  });
  return {
    status: 200,
    body: { status: "COMPLETE", results, startedAt: now(state), completedAt: now(state) },
  };
}

/** Object endpoints of one portal; `null` means no such route. */
export function crm(state: Ids, p: Store, method: string, path: string, body: any) {
  let m = /^\/crm\/v3\/objects\/(contacts|companies|meetings)\/search$/.exec(path);
  if (m && method === "POST") return search(p, m[1] as "contacts", body);
  if (path === "/crm/v3/objects/contacts/batch/upsert" && method === "POST") return upsert(state, p, body);
  if (path === "/crm/v3/objects/contacts" && method === "POST") {
    const existing = byEmail(p, body?.properties?.email ?? "");
    if (existing) return hsError(409, "CONFLICT", `Contact already exists. Existing ID: ${existing.id}`);
    const o = makeObj(state, body.properties);
    p.contacts.set(o.id, o);
    return { status: 201, body: pick(o, Object.keys(body.properties), []) };
  }
  if (path === "/crm/v3/objects/meetings" && method === "POST") {
    const o = makeObj(state, body.properties);
    o.assoc = (body.associations ?? []).map((a: any) => String(a.to.id));
    p.meetings.set(o.id, o);
    return { status: 201, body: pick(o, Object.keys(body.properties), []) };
  }
  m = /^\/crm\/v3\/objects\/(contacts|meetings|companies)\/([^/]+)$/.exec(path);
  if (m) {
    const o = p[m[1] as "contacts"].get(m[2]!);
    if (!o) return hsError(404, "OBJECT_NOT_FOUND", "resource not found");
    if (method === "PATCH") touch(state, o, body.properties ?? {});
    return { status: 200, body: pick(o, Object.keys(o.properties), []) };
  }
  m = /^\/crm\/v4\/objects\/contacts?\/([^/]+)\/associations\/default\/compan(?:y|ies)\/([^/]+)$/.exec(path);
  if (m && method === "PUT") {
    const contact = p.contacts.get(m[1]!);
    if (!contact || !p.companies.has(m[2]!)) return hsError(404, "OBJECT_NOT_FOUND", "resource not found");
    if (!contact.assoc.includes(m[2]!)) contact.assoc.push(m[2]!);
    return {
      status: 200,
      body: {
        status: "COMPLETE",
        results: [
          {
            from: { id: m[1] },
            to: { id: m[2] },
            associationSpec: { associationCategory: "HUBSPOT_DEFINED", associationTypeId: 279 },
          },
        ],
      },
    };
  }
  if (path === "/crm/v3/owners" && method === "GET")
    return {
      status: 200,
      body: {
        results: p.owners.map((o) => ({
          ...o,
          type: "PERSON",
          userId: Number(o.id) + 1000,
          archived: !!o.archived,
        })),
      },
    };
  return null;
}
