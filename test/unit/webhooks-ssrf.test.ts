import { describe, expect, it } from "vitest";
import { checkOutboundUrl } from "../../worker/core/webhooks/outbound-url";

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
