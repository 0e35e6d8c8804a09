import { describe, expect, it } from "vitest";
import { isAllowedInstanceUrl } from "../../worker/crm/salesforce/config";

const LOGIN = "https://login.salesforce.com";

describe("isAllowedInstanceUrl", () => {
  it.each([
    "https://acme.my.salesforce.com",
    "https://acme--uat.sandbox.my.salesforce.com",
    "https://na139.salesforce.com",
    "https://acme.my.salesforce.mil",
    "https://ACME.MY.SALESFORCE.COM/",
  ])("lets the token go to %s", (url) => expect(isAllowedInstanceUrl(url, LOGIN)).toBe(true));

  it.each([
    "https://salesforce.com.attacker.example",
    "https://attackersalesforce.com",
    "http://acme.my.salesforce.com",
    "https://user:pw@acme.my.salesforce.com",
    "https://salesforce.com",
    "not a url",
  ])("refuses %s", (url) => expect(isAllowedInstanceUrl(url, LOGIN)).toBe(false));

  it("accepts the configured login host itself (a proxy or a local stand-in)", () => {
    expect(isAllowedInstanceUrl("http://127.0.0.1:8899", "http://127.0.0.1:8899")).toBe(true);
    expect(isAllowedInstanceUrl("http://127.0.0.1:8900", "http://127.0.0.1:8899")).toBe(false);
  });
});
