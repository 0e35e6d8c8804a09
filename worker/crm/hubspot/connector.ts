/**
 * HubSpot behind the CRM connector interface: CRM v3 objects and search, v4 associations,
 * owners. Loaded with `import()` only when a HubSpot connection exists (worker/crm/runtime.ts).
 */
import type { z } from "zod";
import type { CrmCompany, CrmContact, CrmOwner } from "../../core/crm-facts";
import { CrmError, type CrmConnector } from "../connector";
import type { TokenSource } from "./auth";
import type { HubSpotConfig } from "./config";
import { hubspotFetch, type Call } from "./http";
import { anySchema, objectSchema, ownersSchema, searchSchema, upsertSchema } from "./schemas";

type Obj = z.output<typeof objectSchema>;

/** Meeting → contact, HubSpot-defined (https://developers.hubspot.com/docs/api/crm/meetings). */
const MEETING_TO_CONTACT = 200;
const CONTACT_PROPS = ["email", "hubspot_owner_id", "lifecyclestage"];
const COMPANY_PROPS = ["domain", "name", "hubspot_owner_id", "hs_lastmodifieddate"];
/** HubSpot's page limit for owners and searches Baton makes. */
const PAGE = 100;

const str = (v: string | null | undefined) => (v === undefined || v === null || v === "" ? null : v);

function toContact(o: Obj, extra: readonly string[]): CrmContact {
  const properties: Record<string, string | null> = {};
  for (const name of extra) properties[name] = str(o.properties[name]);
  return {
    id: o.id,
    email: o.properties.email ?? "",
    ownerId: str(o.properties.hubspot_owner_id),
    lifecycleStage: str(o.properties.lifecyclestage),
    properties,
  };
}

function toCompany(o: Obj): CrmCompany {
  const modified = Date.parse(o.properties.hs_lastmodifieddate ?? o.updatedAt ?? "");
  return {
    id: o.id,
    domain: str(o.properties.domain)?.toLowerCase() ?? null,
    name: str(o.properties.name),
    ownerId: str(o.properties.hubspot_owner_id),
    updatedAt: Number.isFinite(modified) ? modified : 0,
  };
}

const eq = (propertyName: string, value: string) => ({
  filterGroups: [{ filters: [{ propertyName, operator: "EQ", value }] }],
});

export type HubSpotDeps = { cfg: HubSpotConfig; tokens: TokenSource; portalId: string | null };

export function createHubSpotConnector({ cfg, tokens, portalId }: HubSpotDeps): CrmConnector {
  /** One call; a 401 on an OAuth token refreshes once and retries (HubSpot: 30-minute tokens). */
  async function call<S extends z.ZodType>(c: Call, schema: S): Promise<z.output<S>> {
    try {
      return await hubspotFetch(cfg.apiRoot, await tokens.token(c.signal), c, schema);
    } catch (err) {
      if (!(err instanceof CrmError) || err.kind !== "auth_expired" || !tokens.invalidate()) {
        if (err instanceof CrmError && err.kind === "auth_expired")
          throw new CrmError(err.message, "auth_broken", false, err.status);
        throw err;
      }
    }
    try {
      return await hubspotFetch(cfg.apiRoot, await tokens.token(c.signal), c, schema);
    } catch (err) {
      if (err instanceof CrmError && err.kind === "auth_expired")
        throw new CrmError(err.message, "auth_broken", false, err.status);
      throw err;
    }
  }

  const search = (object: string, body: object, signal?: AbortSignal) =>
    call({ method: "POST", path: `/crm/v3/objects/${object}/search`, body, signal }, searchSchema);

  return {
    kind: "hubspot",
    async lookUpLead({ email, domain, properties }, signal) {
      const extra = properties.filter((p) => !CONTACT_PROPS.includes(p));
      const [contacts, companies] = await Promise.all([
        search(
          "contacts",
          { ...eq("email", email), properties: [...CONTACT_PROPS, ...extra], limit: 1 },
          signal,
        ),
        domain
          ? search("companies", { ...eq("domain", domain), properties: COMPANY_PROPS, limit: 1 }, signal)
          : Promise.resolve({ results: [] }),
      ]);
      const c = contacts.results[0];
      const co = companies.results[0];
      return { contact: c ? toContact(c, extra) : null, company: co ? toCompany(co) : null };
    },

    async upsertLead({ email, ownerId, properties, companyId }) {
      const input = {
        id: email,
        idProperty: "email",
        properties: { ...properties, ...(ownerId ? { hubspot_owner_id: ownerId } : {}) },
      };
      const res = await call(
        { method: "POST", path: "/crm/v3/objects/contacts/batch/upsert", body: { inputs: [input] } },
        upsertSchema,
      );
      const row = res.results[0];
      if (!row) throw new CrmError("HubSpot upsert answered no result", "unavailable", true);
      if (companyId)
        await call(
          {
            method: "PUT",
            path: `/crm/v4/objects/contact/${encodeURIComponent(row.id)}/associations/default/company/${encodeURIComponent(companyId)}`,
          },
          anySchema,
        );
      return { contactId: row.id, created: row.new ?? false };
    },

    async logMeeting(m) {
      // Idempotent by the booking's URL: a retry after a crash finds the meeting it made.
      const found = await search("meetings", { ...eq("hs_meeting_external_url", m.externalKey), limit: 1 });
      if (found.results[0]) return { meetingId: found.results[0].id };
      const created = await call(
        {
          method: "POST",
          path: "/crm/v3/objects/meetings",
          body: {
            properties: {
              hs_timestamp: new Date(m.start).toISOString(),
              hs_meeting_title: m.title,
              hs_meeting_body: m.body,
              hs_meeting_external_url: m.externalKey,
              hs_meeting_start_time: new Date(m.start).toISOString(),
              hs_meeting_end_time: new Date(m.end).toISOString(),
              hs_meeting_outcome: "SCHEDULED",
              ...(m.ownerId ? { hubspot_owner_id: m.ownerId } : {}),
            },
            associations: [
              {
                to: { id: m.contactId },
                types: [{ associationCategory: "HUBSPOT_DEFINED", associationTypeId: MEETING_TO_CONTACT }],
              },
            ],
          },
        },
        objectSchema,
      );
      return { meetingId: created.id };
    },

    async cancelMeeting(meetingId) {
      try {
        await call(
          {
            method: "PATCH",
            path: `/crm/v3/objects/meetings/${encodeURIComponent(meetingId)}`,
            body: { properties: { hs_meeting_outcome: "CANCELED" } },
          },
          anySchema,
        );
      } catch (err) {
        if (!(err instanceof CrmError && err.kind === "not_found")) throw err;
      }
    },

    async updateOwner(contactId, ownerId) {
      await call(
        {
          method: "PATCH",
          path: `/crm/v3/objects/contacts/${encodeURIComponent(contactId)}`,
          body: { properties: { hubspot_owner_id: ownerId ?? "" } },
        },
        anySchema,
      );
    },

    async pullCompanies({ since, cursor, limit }) {
      const res = await search("companies", {
        filterGroups: [
          { filters: [{ propertyName: "hs_lastmodifieddate", operator: "GTE", value: String(since) }] },
        ],
        sorts: [{ propertyName: "hs_lastmodifieddate", direction: "ASCENDING" }],
        properties: COMPANY_PROPS,
        limit: Math.min(limit, PAGE),
        ...(cursor ? { after: cursor } : {}),
      });
      return { companies: res.results.map(toCompany), nextCursor: res.paging?.next?.after ?? null };
    },

    async listOwners() {
      const owners: CrmOwner[] = [];
      let after: string | undefined;
      // Bounded: 20 pages of 100 owners is more users than any team routing with Baton has.
      for (let page = 0; page < 20; page++) {
        const q = new URLSearchParams({ limit: String(PAGE), ...(after ? { after } : {}) });
        const res = await call({ method: "GET", path: `/crm/v3/owners?${q}` }, ownersSchema);
        for (const o of res.results)
          owners.push({
            id: o.id,
            email: o.email ?? null,
            name: [o.firstName, o.lastName].filter(Boolean).join(" ") || null,
            archived: o.archived ?? false,
          });
        after = res.paging?.next?.after;
        if (!after) break;
      }
      return owners;
    },

    async testConnection() {
      const owners = await call({ method: "GET", path: "/crm/v3/owners?limit=1" }, ownersSchema);
      await search("contacts", { limit: 1 });
      return {
        ok: true,
        detail: `owners and contacts readable (${owners.results.length ? "owners found" : "no owners yet"})`,
      };
    },

    recordUrl(contactId) {
      return `${cfg.appUrl}/contacts/${portalId ?? "_"}/record/0-1/${encodeURIComponent(contactId)}`;
    },
  };
}
