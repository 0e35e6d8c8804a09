import { env } from "cloudflare:workers";
import { desc, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { saveCrmConnection } from "../../worker/crm/save-connection";
import { getConnection, updateConnection } from "../../worker/crm/store";
import { database } from "../../worker/db/client";
import { auditLog } from "../../worker/db/schema";

const db = database(env.DB);
const admin = { kind: "bootstrap", role: "admin" } as const;
const NOW = Date.parse("2026-03-09T15:00:00Z");

describe("storing a CRM connection", () => {
  it("keeps the admin's settings, owners and portal id across a reconnect, and audits each connect", async () => {
    const sealed = { ciphertext: "c1", keyId: "k1" };
    await saveCrmConnection(db, admin, NOW, {
      id: "hubspot",
      authKind: "private_app",
      sealed,
      portalId: "42",
    });
    const owners = [{ id: "501", email: "a@b.example", name: "A", archived: false }];
    await updateConnection(db, "hubspot", { settings: { fieldMapping: { company: "company" } }, owners });

    // An OAuth install later: no portal id given, so the stored one stays.
    await saveCrmConnection(db, admin, NOW + 1, { id: "hubspot", authKind: "oauth", sealed: null });
    expect(await getConnection(db, "hubspot")).toMatchObject({
      authKind: "oauth",
      encryptedSecret: null,
      keyId: null,
      portalId: "42",
      status: "connected",
      settings: { fieldMapping: { company: "company" } },
      owners,
      createdAt: NOW,
      updatedAt: NOW + 1,
    });
    // A portal id given (even none at all, as Salesforce's org id can be) replaces it.
    await saveCrmConnection(db, admin, NOW + 2, { id: "hubspot", authKind: "oauth", sealed, portalId: null });
    expect((await getConnection(db, "hubspot"))?.portalId).toBeNull();

    const audits = await db
      .select()
      .from(auditLog)
      .where(eq(auditLog.action, "crm.connected"))
      .orderBy(desc(auditLog.at));
    expect(audits.map((a) => [a.target, a.details])).toEqual([
      ["crm:hubspot", { authKind: "oauth" }],
      ["crm:hubspot", { authKind: "oauth" }],
      ["crm:hubspot", { authKind: "private_app" }],
    ]);
  });

  it("stores Salesforce's instance URL and integration user with the connection", async () => {
    await saveCrmConnection(db, admin, NOW, {
      id: "salesforce",
      authKind: "jwt",
      sealed: null,
      portalId: "00D000000000001",
      instanceUrl: "https://acme.my.salesforce.com",
      username: "baton@acme.example",
    });
    expect(await getConnection(db, "salesforce")).toMatchObject({
      portalId: "00D000000000001",
      instanceUrl: "https://acme.my.salesforce.com",
      username: "baton@acme.example",
    });
  });
});
