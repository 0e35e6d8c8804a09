import { describe, expect, it } from "vitest";
import { composeReply, emailLeadFields, screenInbound } from "../../worker/core/inbound-email";

const base = {
  envelopeFrom: "ann@acme.example",
  envelopeTo: "sales@baton.example",
  rawSize: 2_000,
  maxBytes: 100_000,
  addresses: ["sales@baton.example"],
  ownSenders: ["sales@baton.example"],
};
const screen = (headers: Record<string, string>, over: Partial<typeof base> = {}) => {
  const lower = Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v]));
  return screenInbound({ ...base, ...over, header: (n) => lower[n.toLowerCase()] ?? null });
};

describe("screening inbound mail", () => {
  it.each([
    [{ "Auto-Submitted": "auto-replied" }, "auto_reply"],
    [{ "Auto-Submitted": "auto-generated" }, "auto_reply"],
    [{ "X-Autoreply": "yes" }, "auto_reply"],
    [{ Precedence: "auto_reply" }, "auto_reply"],
    [{ Subject: "Automatic reply: hello" }, "auto_reply"],
    [{ Subject: "Out of Office: back Monday" }, "auto_reply"],
    [{ "List-Id": "<news.acme.example>" }, "mailing_list"],
    [{ Precedence: "bulk" }, "mailing_list"],
    [{ "Content-Type": "multipart/report; report-type=delivery-status" }, "bounce"],
    [{ From: "MAILER-DAEMON@mx.acme.example" }, "bounce"],
    [{ "X-Baton-Loop": "1" }, "loop"],
    [{ From: "Sales <sales@baton.example>" }, "loop"],
  ])("drops %j as %s", (headers, reason) => {
    expect(screen({ From: "Ann <ann@acme.example>", ...headers })).toMatchObject({ ok: false, reason });
  });

  it("accepts a person's mail, with Auto-Submitted: no", () => {
    expect(screen({ From: "Ann <ann@acme.example>", "Auto-Submitted": "no", Subject: "Pricing" })).toEqual({
      ok: true,
    });
  });

  it("drops an empty envelope sender, an oversized message and another address", () => {
    expect(screen({}, { envelopeFrom: "" })).toMatchObject({ reason: "bounce" });
    expect(screen({}, { rawSize: 100_001 })).toMatchObject({ reason: "too_large" });
    expect(screen({}, { envelopeTo: "hr@baton.example" })).toMatchObject({ reason: "not_our_address" });
  });
});

describe("lead fields from an email", () => {
  it("reads the name, the signature's company and phone, and leaves quoted history out", () => {
    const fields = emailLeadFields({
      fromAddress: "Grace@Navy.example",
      fromName: "Grace Brewster Hopper",
      subject: " Demo? ",
      text: "Can we talk on Friday?\n\nThanks,\nGrace Hopper\nDirector, US Navy Labs\nMobile: +1 (202) 555-0147\n\nOn Mon, Ann wrote:\n> old text",
    });
    expect(fields).toEqual({
      email: "grace@navy.example",
      name: "Grace Brewster Hopper",
      first_name: "Grace Brewster",
      last_name: "Hopper",
      company: "US Navy Labs",
      phone: "+1 (202) 555-0147",
      subject: "Demo?",
      message:
        "Can we talk on Friday?\n\nThanks,\nGrace Hopper\nDirector, US Navy Labs\nMobile: +1 (202) 555-0147",
    });
  });

  it("guesses nothing when there is no signature", () => {
    const fields = emailLeadFields({ fromAddress: "a@b.example", text: "Call me at 555 0100 please" });
    expect(fields).toEqual({ email: "a@b.example", message: "Call me at 555 0100 please" });
  });
});

describe("the reply", () => {
  const reply = composeReply({
    from: "sales@baton.example",
    fromName: "Baton Sales",
    to: "ann@acme.example",
    subject: "Préférences\r\nBcc: evil@x.example",
    inReplyTo: "<m1@acme.example>",
    messageId: "r1",
    now: Date.UTC(2026, 11, 1, 15),
    repName: "Ava Thompson",
    bookingUrl: "https://baton.example/l/lead-1?token=t",
  });

  it("threads, marks itself automatic and carries Baton's loop header", () => {
    const head = reply.split("\r\n\r\n")[0]!;
    expect(head).toContain("In-Reply-To: <m1@acme.example>");
    expect(head).toContain("Auto-Submitted: auto-replied");
    expect(head).toContain("X-Baton-Loop: 1");
    expect(head).toContain("Message-ID: <r1@baton.example>");
    // The subject's line break cannot start a header of its own.
    expect(head.split("\r\n").some((l) => l.startsWith("Bcc:"))).toBe(false);
    expect(head).toMatch(/^Subject: =\?UTF-8\?B\?/m);
  });

  it("names the rep and gives the booking link", () => {
    const body = atob(reply.split("\r\n\r\n")[1]!.replace(/\r\n/g, ""));
    const text = new TextDecoder().decode(Uint8Array.from(body, (c) => c.charCodeAt(0)));
    expect(text).toContain("Ava Thompson will get back to you");
    expect(text).toContain("https://baton.example/l/lead-1?token=t");
  });
});
