import { describe, expect, it } from "vitest";
import { judgeDnsAnswers } from "../../worker/core/webhooks/dns-answer";
import { checkOutboundUrl, isPrivateAddress } from "../../worker/core/webhooks/outbound-url";

const strict = { allowPrivate: false };

describe("checkOutboundUrl", () => {
  it.each([
    "https://hooks.example.com/baton",
    "https://93.184.216.34/hook",
    "https://[2606:4700::1111]/hook",
    "https://172.32.0.1/", // just outside 172.16/12
  ])("allows the public https target %s", (url) => {
    expect(checkOutboundUrl(url, strict).ok).toBe(true);
  });

  it.each([
    ["http://hooks.example.com/", "only https"],
    ["ftp://hooks.example.com/", "only https"],
    ["https://user:pw@hooks.example.com/", "credentials"],
    ["https://localhost/", "local host names"],
    ["https://api.localhost./", "local host names"],
    ["https://printer.local/", "local host names"],
    ["https://127.0.0.1/", "private"],
    ["https://2130706433/", "private"], // 127.0.0.1 as one number; URL parsing normalises it
    ["https://0x7f.1/", "private"],
    ["https://10.1.2.3/", "private"],
    ["https://172.16.0.1/", "private"],
    ["https://192.168.1.1/", "private"],
    ["https://169.254.169.254/latest/meta-data", "private"],
    ["https://100.64.0.1/", "private"],
    ["https://0.0.0.0/", "private"],
    ["https://[::1]/", "private"],
    ["https://[::]/", "private"],
    ["https://[fd00::1]/", "private"],
    ["https://[fe80::1]/", "private"],
    ["https://[::ffff:127.0.0.1]/", "private"],
    ["https://[::ffff:a9fe:a9fe]/", "private"],
    ["https://[64:ff9b::10.0.0.1]/", "private"],
    ["not a url", "valid URL"],
  ])("refuses %s", (url, reason) => {
    const result = checkOutboundUrl(url, strict);
    expect(result.ok).toBe(false);
    expect(result.ok ? "" : result.reason).toContain(reason);
  });

  it("lets the explicit override reach loopback over http for local development", () => {
    expect(checkOutboundUrl("http://127.0.0.1:8080/hook", { allowPrivate: true }).ok).toBe(true);
    expect(checkOutboundUrl("ftp://127.0.0.1/", { allowPrivate: true }).ok).toBe(false);
  });
});

describe("isPrivateAddress (the addresses a name resolved to)", () => {
  it.each([
    ["10.0.0.5", true],
    ["169.254.169.254", true],
    ["127.0.0.1", true],
    ["100.64.1.1", true],
    ["::1", true],
    ["fd12:3456:789a::1", true],
    ["fe80::1", true],
    ["::ffff:192.168.1.10", true],
    ["::ffff:c0a8:010a", true],
    ["not-an-address", true],
    ["93.184.215.14", false],
    ["2606:4700::1111", false],
    ["::ffff:93.184.215.14", false],
  ])("%s → %s", (ip, expected) => {
    expect(isPrivateAddress(ip)).toBe(expected);
  });
});

describe("judgeDnsAnswers", () => {
  const answer = (...records: [number, string][]) => ({
    Status: 0,
    Answer: records.map(([type, data]) => ({ name: "h.test.", type, TTL: 60, data })),
  });

  it("follows the CNAME chain to the addresses and refuses if any one is private", () => {
    expect(judgeDnsAnswers("h.test", [answer([5, "cdn.test."], [1, "93.184.215.14"]), answer()])).toEqual({
      ok: true,
      addresses: ["93.184.215.14"],
    });
    expect(judgeDnsAnswers("h.test", [answer([1, "93.184.215.14"]), answer([28, "fd00::1"])])).toMatchObject({
      ok: false,
      reason: "h.test resolves to a private address (fd00::1)",
      retryable: false,
    });
  });

  it("tells a missing name (final) from a failing resolver (retried)", () => {
    expect(judgeDnsAnswers("h.test", [{ Status: 3 }])).toMatchObject({ ok: false, retryable: false });
    expect(judgeDnsAnswers("h.test", [{ Status: 2, Comment: "x" }])).toMatchObject({
      ok: false,
      retryable: true,
    });
    expect(judgeDnsAnswers("h.test", [{ Status: "0" }])).toMatchObject({ ok: false, retryable: true });
    expect(judgeDnsAnswers("h.test", [answer(), answer()])).toMatchObject({
      ok: false,
      reason: "h.test has no address",
    });
  });
});
