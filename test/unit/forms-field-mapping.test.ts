import { describe, expect, it } from "vitest";
import type { Form } from "../../worker/core/config-doc";
import { mapPayload, mappingErrors, readPath } from "../../worker/core/forms/field-mapping";
import { demoConfig } from "../../scripts/demo/config";

const demo = demoConfig.forms[0]!;
// The demo form plus a multiselect and a checkbox, to cover HubSpot's value encodings.
const form: Form = {
  ...demo,
  fields: [
    ...demo.fields,
    { name: "products", type: "multiselect", label: "Products", required: false, options: [] },
    { name: "consent", type: "checkbox", label: "Consent", required: false },
  ],
} as Form;

function deepFreeze<T>(value: T): T {
  if (typeof value === "object" && value !== null) {
    for (const v of Object.values(value)) deepFreeze(v);
    Object.freeze(value);
  }
  return value;
}

describe("mapPayload, generic JSON", () => {
  it("takes each form field from the same name at the top level by default", () => {
    const out = mapPayload({ email: "a@acme.example", company: "Acme", ignored: 1 }, {}, form);
    expect(out).toMatchObject({
      shape: "generic",
      fields: { email: "a@acme.example", company: "Acme" },
      context: { source: "webhook" },
    });
    expect(out.paths.first_name).toBe("first_name");
  });

  it("follows dotted paths and array indexes, and turns numbers into text for text fields", () => {
    const payload = {
      person: { name: { first: "Ada" }, emails: ["ada@acme.example"] },
      org: { size: 250, consent: true },
      page: "https://acme.example/pricing",
      tracking: { campaign: "spring" },
    };
    const mapping = {
      first_name: "person.name.first",
      email: "person.emails.0",
      employees: "org.size",
      consent: "org.consent",
      "context.pageUrl": "page",
      "utm.campaign": "tracking.campaign",
    };
    const out = mapPayload(deepFreeze(payload), mapping, form);
    expect(out.fields).toEqual({
      first_name: "Ada",
      email: "ada@acme.example",
      employees: "250",
      consent: true,
    });
    expect(out.context).toEqual({
      pageUrl: "https://acme.example/pricing",
      source: "webhook",
      utm: { campaign: "spring" },
    });
  });

  it("treats objects and nulls as missing, for the form's schema to report", () => {
    const out = mapPayload({ email: { value: "x" }, company: null }, {}, form);
    expect(out.fields).toEqual({});
  });
});

describe("mapPayload, HubSpot payloads", () => {
  const hubspot = {
    submittedAt: "1767225600000",
    fields: [
      { objectTypeId: "0-1", name: "email", value: "grace@globex.example" },
      { objectTypeId: "0-1", name: "firstname", value: "Grace" },
      { objectTypeId: "0-2", name: "company", value: "Globex" },
      { objectTypeId: "0-1", name: "products", value: "routing;scheduling" },
    ],
    context: { pageUri: "https://www.globex.example/demo", pageName: "Demo", hutk: "abc" },
  };

  it("reads Forms API v3 submissions, with pageUri as the page URL and HubSpot as the source", () => {
    const out = mapPayload(deepFreeze(hubspot), { first_name: "fields.firstname" }, form);
    expect(out.shape).toBe("hubspot_form");
    expect(out.fields).toEqual({
      email: "grace@globex.example",
      first_name: "Grace",
      company: "Globex",
      products: ["routing", "scheduling"],
    });
    expect(out.context).toEqual({ pageUrl: "https://www.globex.example/demo", source: "hubspot" });
  });

  it("keeps every value of a field HubSpot repeats", () => {
    const repeated = {
      fields: [
        { name: "products", value: "routing" },
        { name: "products", value: "scheduling" },
      ],
    };
    expect(mapPayload(repeated, {}, form).fields.products).toEqual(["routing", "scheduling"]);
  });

  it("reads workflow-webhook contacts, unwrapping { value } properties", () => {
    const contact = {
      vid: 101,
      properties: { email: { value: "lin@initech.example", versions: [] }, lastname: { value: "Lin" } },
    };
    const out = mapPayload(contact, { last_name: "properties.lastname" }, form);
    expect(out.shape).toBe("hubspot_contact");
    expect(out.fields).toEqual({ email: "lin@initech.example", last_name: "Lin" });
  });
});

describe("hostile payloads and mappings", () => {
  it("never reads inherited or prototype properties", () => {
    const payload = JSON.parse('{"__proto__": {"email": "evil@x.example"}, "a": {}}');
    expect(readPath(payload, "__proto__.email")).toBeUndefined();
    expect(readPath(payload, "a.toString")).toBeUndefined();
    expect(readPath(payload, "a.constructor")).toBeUndefined();
    expect(mapPayload(payload, { email: "__proto__.email" }, form).fields).toEqual({});
  });

  it("ignores a HubSpot field named __proto__", () => {
    const out = mapPayload({ fields: [{ name: "__proto__", value: "x" }] }, {}, form);
    expect(out.fields).toEqual({});
    expect(({} as Record<string, unknown>).value).toBeUndefined();
  });

  it("refuses paths deeper than eight segments", () => {
    const deep = "a.b.c.d.e.f.g.h.i";
    expect(readPath({}, deep)).toBeUndefined();
    expect(mappingErrors({ email: deep }, form)).toEqual([
      { target: "email", message: expect.stringContaining("at most 8 deep") },
    ]);
  });

  it("lists targets that are neither a form field nor a context target", () => {
    expect(mappingErrors({ nope: "x", "context.pageUrl": "p", "utm.source": "s", email: "e" }, form)).toEqual(
      [{ target: "nope", message: expect.stringContaining("not a field of form") }],
    );
  });
});
