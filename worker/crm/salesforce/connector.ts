/**
 * Salesforce behind the CRM connector interface: SOQL through the Query resource (paged by
 * `done`/`nextRecordsUrl`), the lookup's three queries in one Composite request (one API call),
 * sObject create/update for the lead's record and its Events. Loaded with `import()` only when
 * a Salesforce connection exists (worker/crm/runtime.ts).
 */
import type { z } from "zod";
import { normalizeDomain } from "../../core/account-match";
import type { CrmCompany, CrmContact, CrmOwner } from "../../core/crm-facts";
import { CrmError, type CrmConnector } from "../connector";
import type { SalesforceSettings } from "../salesforce-settings";
import type { SessionSource } from "./auth";
import { classify, dataPath, salesforceFetch, type Call } from "./http";
import { anySchema, compositeSchema, querySchema, recordSchema, saveSchema, type SfRow } from "./schemas";
import { soql, sfDateTime, parseSfDateTime } from "./soql";

/** Record type by id prefix (the first three characters of every Salesforce id). */
const TYPE_OF: Record<string, "Lead" | "Contact" | "Event" | "Account"> = {
  "00Q": "Lead",
  "003": "Contact",
  "00U": "Event",
  "001": "Account",
};
export const typeOfId = (id: string) => TYPE_OF[id.slice(0, 3)] ?? null;

/** Accounts whose Website contains the domain; the exact host wins over a subdomain. */
const ACCOUNT_CANDIDATES = 20;
const OWNER_PAGES = 20;
/** The longest a write-back or sync call may take before it counts as a timeout (retried). */
export const CALL_TIMEOUT_MS = 10_000;

const str = (v: unknown) => (typeof v === "string" && v !== "" ? v : null);

function toContact(r: SfRow, extra: readonly string[]): CrmContact {
  const properties: Record<string, string | null> = {
    object: String((r.attributes as { type?: string })?.type ?? ""),
  };
  // Rules see `crm.contact.<lower-cased API name>` (facts are lower-case names).
  for (const name of extra) properties[name.toLowerCase()] = str(r[name]);
  return {
    id: r.Id,
    email: str(r.Email) ?? "",
    ownerId: str(r.OwnerId),
    lifecycleStage: str(r.Status),
    properties,
  };
}

function toCompany(r: SfRow): CrmCompany {
  const parent = r.Parent as { Website?: unknown } | null | undefined;
  return {
    id: r.Id,
    domain: normalizeDomain(str(r.Website) ?? ""),
    name: str(r.Name),
    ownerId: str(r.OwnerId),
    updatedAt: parseSfDateTime(r.SystemModstamp),
    parentDomain: parent ? normalizeDomain(str(parent.Website) ?? "") : null,
  };
}

/** The account for `domain` among candidates: exact host first, then a subdomain of it. */
export function bestAccount(rows: readonly SfRow[], domain: string): CrmCompany | null {
  const companies = rows.map(toCompany);
  return (
    companies.find((c) => c.domain === domain) ??
    companies.find((c) => c.domain?.endsWith(`.${domain}`)) ??
    null
  );
}

export type SalesforceDeps = { sessions: SessionSource; settings: SalesforceSettings };

export function createSalesforceConnector({ sessions, settings }: SalesforceDeps): CrmConnector & {
  instanceUrl(): Promise<string>;
} {
  /**
   * One call; a 401 INVALID_SESSION_ID mints a new session once and retries. Calls without
   * the lookup's deadline (write-backs, sync) still end: a hung Salesforce must not hold a
   * queue consumer, the retry will come.
   */
  async function call<S extends z.ZodType>(given: Call, schema: S): Promise<z.output<S>> {
    const c = given.signal ? given : { ...given, signal: AbortSignal.timeout(CALL_TIMEOUT_MS) };
    for (let attempt = 0; ; attempt++) {
      const s = await sessions.session(c.signal);
      try {
        return await salesforceFetch(s.instanceUrl, s.token, c, schema);
      } catch (err) {
        if (!(err instanceof CrmError) || err.kind !== "auth_expired") throw err;
        if (attempt > 0 || !sessions.invalidate())
          throw new CrmError(err.message, "auth_broken", false, err.status);
      }
    }
  }

  const query = (q: string, signal?: AbortSignal) =>
    call({ method: "GET", path: `/query?q=${encodeURIComponent(q)}`, signal }, querySchema);

  /** Several queries in one Composite request: one API call, each answer checked on its own. */
  async function queries(named: Record<string, string>, signal?: AbortSignal) {
    const compositeRequest = Object.entries(named).map(([referenceId, q]) => ({
      method: "GET",
      url: dataPath(`/query?q=${encodeURIComponent(q)}`),
      referenceId,
    }));
    const res = await call(
      { method: "POST", path: "/composite", body: { allOrNone: false, compositeRequest }, signal },
      compositeSchema,
    );
    const out: Record<string, SfRow[]> = {};
    for (const sub of res.compositeResponse) {
      if (sub.httpStatusCode >= 300) throw classify(sub.httpStatusCode, sub.body);
      const parsed = querySchema.safeParse(sub.body);
      if (!parsed.success)
        throw new CrmError("Salesforce composite answered an unexpected shape", "unavailable", true);
      out[sub.referenceId] = parsed.data.records;
    }
    return out;
  }

  const object = settings.object;
  const accountField = settings.accountLookupField ?? (object === "Contact" ? "AccountId" : null);
  const extraFields = (forObject: string) =>
    forObject === object
      ? settings.lookupProperties.filter((f) => !["Id", "Email", "OwnerId", "Status"].includes(f))
      : [];
  const personQuery = (type: "Lead" | "Contact", email: string) => {
    const fields = ["Id", "Email", "OwnerId", ...(type === "Lead" ? ["Status"] : []), ...extraFields(type)];
    // Converted Leads live on as their Contact; only open ones count.
    return type === "Lead"
      ? soql`SELECT ${fields} FROM Lead WHERE Email = ${email} AND IsConverted = false ORDER BY CreatedDate ASC LIMIT 1`
      : soql`SELECT ${fields} FROM Contact WHERE Email = ${email} ORDER BY CreatedDate ASC LIMIT 1`;
  };

  async function findPerson(email: string) {
    return (await query(personQuery(object, email))).records[0] ?? null;
  }

  return {
    kind: "salesforce",

    async lookUpLead({ email, domain }, signal) {
      const named: Record<string, string> = {
        contact: personQuery("Contact", email),
        lead: personQuery("Lead", email),
      };
      if (domain)
        named.account = soql`SELECT Id, Name, Website, OwnerId, ParentId, SystemModstamp FROM Account WHERE Website LIKE ${`%${domain}%`} ORDER BY CreatedDate ASC LIMIT ${ACCOUNT_CANDIDATES}`;
      const found = await queries(named, signal);
      // A Contact is a customer already; an open Lead is someone Sales has not qualified yet.
      const person = found.contact?.[0] ?? found.lead?.[0];
      const type = found.contact?.[0] ? "Contact" : "Lead";
      return {
        contact: person ? toContact(person, extraFields(type)) : null,
        company: domain ? bestAccount(found.account ?? [], domain) : null,
      };
    },

    async upsertLead({ email, ownerId, properties, companyId }) {
      const fields: Record<string, unknown> = {
        ...properties,
        ...(ownerId ? { OwnerId: ownerId } : {}),
        ...(accountField && companyId ? { [accountField]: companyId } : {}),
      };
      // Found by email first: a retry after a lost answer updates the record it made.
      const existing = await findPerson(email);
      if (existing) {
        // Never rename a known person or reset where they came from.
        const { LastName: _l, FirstName: _f, Company: _c, LeadSource: _s, ...update } = fields;
        await call({ method: "PATCH", path: `/sobjects/${object}/${existing.Id}`, body: update }, anySchema);
        return { contactId: existing.Id, created: false };
      }
      const created = await call({ method: "POST", path: `/sobjects/${object}`, body: fields }, saveSchema);
      return { contactId: created.id, created: true };
    },

    async logMeeting(m) {
      const start = sfDateTime(m.start);
      // Idempotent by who, when and what: a retry after a crash finds the Event it made.
      const found = await query(
        soql`SELECT Id FROM Event WHERE WhoId = ${m.contactId} AND StartDateTime = ${{ dateTime: start }} AND Subject = ${m.title} LIMIT 1`,
      );
      if (found.records[0]) return { meetingId: found.records[0].Id };
      const created = await call(
        {
          method: "POST",
          path: "/sobjects/Event",
          body: {
            WhoId: m.contactId,
            Subject: m.title,
            Description: m.body,
            StartDateTime: start,
            EndDateTime: sfDateTime(m.end),
            ...(m.ownerId ? { OwnerId: m.ownerId } : {}),
          },
        },
        saveSchema,
      );
      return { meetingId: created.id };
    },

    async cancelMeeting(meetingId) {
      try {
        const event = await call({ method: "GET", path: `/sobjects/Event/${meetingId}` }, recordSchema);
        const subject = str(event.Subject) ?? "Meeting";
        if (subject.startsWith("Canceled: ")) return;
        await call(
          {
            method: "PATCH",
            path: `/sobjects/Event/${meetingId}`,
            body: { Subject: `Canceled: ${subject}`.slice(0, 255), ShowAs: "Free" },
          },
          anySchema,
        );
      } catch (err) {
        if (!(err instanceof CrmError && err.kind === "not_found")) throw err;
      }
    },

    async moveMeeting(meetingId, m) {
      await call(
        {
          method: "PATCH",
          path: `/sobjects/Event/${meetingId}`,
          body: {
            StartDateTime: sfDateTime(m.start),
            EndDateTime: sfDateTime(m.end),
            Description: m.body,
            ...(m.ownerId ? { OwnerId: m.ownerId } : {}),
          },
        },
        anySchema,
      );
      return { meetingId };
    },

    async updateOwner(contactId, ownerId) {
      if (!ownerId) return; // Salesforce records always have an owner; leave it where it is.
      const type = typeOfId(contactId) ?? object;
      await call(
        { method: "PATCH", path: `/sobjects/${type}/${contactId}`, body: { OwnerId: ownerId } },
        anySchema,
      );
    },

    async pullCompanies({ since, cursor, limit }) {
      const at = { dateTime: sfDateTime(since) };
      const where = cursor
        ? soql`(SystemModstamp > ${at} OR (SystemModstamp = ${at} AND Id > ${cursor}))`
        : soql`SystemModstamp >= ${at}`;
      const res = await query(
        `SELECT Id, Name, Website, OwnerId, ParentId, Parent.Website, SystemModstamp FROM Account WHERE ${where} ORDER BY SystemModstamp ASC, Id ASC LIMIT ${Math.min(limit, 2000)}`,
      );
      const companies = res.records.map(toCompany);
      const last = res.records.at(-1);
      return { companies, nextCursor: companies.length >= limit && last ? last.Id : null };
    },

    async listOwners() {
      const owners: CrmOwner[] = [];
      let res = await query(
        "SELECT Id, Email, Name, IsActive FROM User WHERE UserType = 'Standard' ORDER BY Id",
      );
      for (let page = 0; ; page++) {
        for (const u of res.records)
          owners.push({ id: u.Id, email: str(u.Email), name: str(u.Name), archived: u.IsActive === false });
        if (res.done || !res.nextRecordsUrl || page >= OWNER_PAGES) break;
        res = await call({ method: "GET", path: res.nextRecordsUrl }, querySchema);
      }
      return owners;
    },

    async testConnection() {
      const found = await queries({
        users: "SELECT Id FROM User LIMIT 1",
        records: `SELECT Id FROM ${object} LIMIT 1`,
        accounts: "SELECT Id FROM Account LIMIT 1",
      });
      return {
        ok: true,
        detail: `Users, ${object}s and Accounts readable (${found.users?.length ? "users found" : "no users"})`,
      };
    },

    recordUrl(id) {
      return `/lightning/r/${typeOfId(id) ?? object}/${encodeURIComponent(id)}/view`;
    },

    instanceUrl: async () => (await sessions.session()).instanceUrl,
  };
}
