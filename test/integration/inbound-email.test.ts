import { createExecutionContext, waitOnExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import worker from "../../worker/index";
import bounce from "../fixtures/email/bounce.eml?raw";
import enquiry from "../fixtures/email/enquiry.eml?raw";
import mailingList from "../fixtures/email/mailing-list.eml?raw";
import outOfOffice from "../fixtures/email/out-of-office.eml?raw";
import { admin, call } from "./helpers";
import { readTrace } from "../../worker/leads/trace-codec";
import { queued } from "./notify-helpers";
import { publish, slaConfig } from "./sla-fixtures";

const TUESDAY = Date.UTC(2026, 11, 1, 15, 0);
const SALES = "sales@baton.example";

/** The headers of a raw message, unfolded, as Email Routing hands them to the Worker. */
function headersOf(raw: string): Headers {
  const block = raw.split(/\r?\n\r?\n/, 1)[0]!.replace(/\r?\n[ \t]+/g, " ");
  const headers = new Headers();
  for (const line of block.split(/\r?\n/)) {
    const i = line.indexOf(":");
    if (i > 0) headers.append(line.slice(0, i).trim(), line.slice(i + 1).trim());
  }
  return headers;
}

type Sent = { from: string; to: string };

/** A ForwardableEmailMessage over a fixture: what the runtime passes to `email()`. */
function message(raw: string, from: string, to = SALES) {
  const bytes = new TextEncoder().encode(raw);
  const replies: Sent[] = [];
  const rejects: string[] = [];
  const msg = {
    from,
    to,
    headers: headersOf(raw),
    raw: new Response(bytes).body!,
    rawSize: bytes.byteLength,
    setReject: (reason: string) => void rejects.push(reason),
    forward: async () => ({ messageId: "fwd" }),
    reply: async (m: Sent) => {
      replies.push(m);
      return { messageId: "reply" };
    },
  };
  return { msg: msg as unknown as ForwardableEmailMessage, replies, rejects };
}

async function deliver(raw: string, from: string, to = SALES) {
  const m = message(raw, from, to);
  const ctx = createExecutionContext();
  await worker.email!(m.msg, env, ctx);
  await waitOnExecutionContext(ctx);
  return m;
}

async function records() {
  const { results } = await env.DB.prepare(
    "SELECT outcome, reason, lead_id AS leadId, replied FROM inbound_emails ORDER BY received_at, rowid",
  ).all<{ outcome: string; reason: string | null; leadId: string | null; replied: number }>();
  return results;
}

beforeAll(async () => {
  vi.useFakeTimers({ toFake: ["Date"] });
  vi.setSystemTime(TUESDAY);
  const config = slaConfig({}) as ReturnType<typeof slaConfig> & Record<string, unknown>;
  config.email = {
    addresses: [SALES],
    ruleSetId: "default",
    reply: { from: SALES, fromName: "Baton Sales" },
  };
  await publish(config);
});
afterAll(() => vi.useRealTimers());

describe("inbound email", () => {
  it("makes an enquiry a routed lead, tells the rep with the original text and replies with a booking link", async () => {
    let sent!: Awaited<ReturnType<typeof deliver>>;
    const messages = await queued(async () => (sent = await deliver(enquiry, "ada@analytical.example")));
    const [record] = await records();
    expect(record).toMatchObject({ outcome: "lead", replied: 1 });
    const lead = await env.DB.prepare("SELECT form_id, email, fields, status FROM leads WHERE id = ?")
      .bind(record!.leadId)
      .first<{ form_id: string; email: string; fields: string; status: string }>();
    expect(lead).toMatchObject({
      form_id: "email:inbound",
      email: "ada@analytical.example",
      status: "routed",
    });
    expect(JSON.parse(lead!.fields)).toMatchObject({
      name: "Ada Lovelace",
      company: "Analytical Engines Ltd",
      phone: "+44 20 7946 0958",
      subject: "Pricing for 40 seats",
    });
    const decision = await env.DB.prepare("SELECT trace, trace_z FROM routing_decisions WHERE lead_id = ?")
      .bind(record!.leadId)
      .first<{ trace: string | null; trace_z: number[] | null }>();
    const trace = (await readTrace(decision!)) as { routing: { facts: Record<string, unknown> } };
    expect(trace.routing.facts.source).toBe("email");
    const notice = messages.find((m) => m.channel === "email" && m.eventType === "lead.routed");
    expect(JSON.stringify(notice?.payload)).toContain("Do you integrate with HubSpot?");
    expect(sent.replies).toHaveLength(1);
    expect(sent.replies[0]).toMatchObject({ from: SALES, to: "ada@analytical.example" });
    // The reply names the rep and links to the lead's hosted booking page, which opens.
    const raw = (sent.replies[0] as unknown as Record<string, string>)["EmailMessage::raw"]!;
    const body = atob(
      raw
        .split(/\r?\n\r?\n/)
        .slice(1)
        .join("")
        .replace(/\s+/g, ""),
    );
    expect(body).toContain("Ava Thompson will get back to you shortly");
    const link = new URL(/https?:\/\/\S+/.exec(body)![0]);
    expect(link.pathname).toBe(`/l/${record!.leadId}`);
    const page = await call(`${link.pathname}${link.search}`);
    expect(page.status).toBe(200);
  });

  it("makes one lead of the same message delivered twice", async () => {
    await deliver(enquiry, "ada@analytical.example");
    const { n } = (await env.DB.prepare(
      "SELECT count(*) AS n FROM leads WHERE form_id = 'email:inbound'",
    ).first<{
      n: number;
    }>())!;
    expect(n).toBe(1);
    expect((await records()).at(-1)).toMatchObject({ outcome: "duplicate", reason: "duplicate" });
  });

  it.each([
    ["an out-of-office auto-reply", outOfOffice, "ada@analytical.example", "auto_reply"],
    ["a bounce", bounce, "", "bounce"],
    ["mailing-list mail", mailingList, "news@revops-weekly.example", "mailing_list"],
  ])("drops %s and records why", async (_what, raw, from, reason) => {
    const before = (await records()).length;
    const sent = await deliver(raw, from);
    const after = await records();
    expect(after).toHaveLength(before + 1);
    expect(after.at(-1)).toMatchObject({ outcome: "dropped", reason, leadId: null });
    expect(sent.replies).toEqual([]);
    expect(sent.rejects).toEqual([]);
  });

  it("refuses an oversized message at SMTP time, and a message to another address", async () => {
    const big = enquiry.replace("Hello,", `Hello,\r\n${"x".repeat(300 * 1024)}`);
    const tooBig = await deliver(big.replace("enquiry-0001", "enquiry-big"), "ada@analytical.example");
    expect(tooBig.rejects).toEqual(["Message too large."]);
    const other = await deliver(enquiry, "ada@analytical.example", "hr@baton.example");
    expect(other.rejects).toEqual(["No such address."]);
    expect((await records()).slice(-2).map((r) => r.reason)).toEqual(["too_large", "not_our_address"]);
  });

  it("lists what became of each message for the admin", async () => {
    const res = await admin("/v1/admin/inbound-emails?limit=3");
    expect(res.status).toBe(200);
    const { emails } = await res.json<{ emails: { outcome: string; reason: string | null }[] }>();
    expect(emails.map((e) => e.reason)).toEqual(["not_our_address", "too_large", "mailing_list"]);
  });
});
