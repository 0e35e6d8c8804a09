/**
 * GET /v1/forms/:formId carries the widget's texts in the visitor's language, so widget.js
 * ships English only: the form's language, the embed's `lang`, or the browser's for "browser".
 */
import { describe, expect, it } from "vitest";
import { demoConfig } from "../../scripts/demo/config";
import { admin, call, clone } from "./helpers";

async function publish(language: string) {
  const config = clone(demoConfig) as any;
  config.forms[0].language = language;
  const res = await admin("/v1/admin/config/versions?publish=true", { method: "POST", body: config });
  expect(res.status).toBe(201);
}

const definition = async (query = "") =>
  (await call(`/v1/forms/demo${query}`)).json<{
    language: string;
    messages: Record<string, string> | null;
  }>();

describe("the form definition's language", () => {
  it("is the form's, unless the embed names a shipped one", async () => {
    await publish("de");
    const de = await definition("?accept=fr");
    expect(de.language).toBe("de");
    expect(de.messages?.submit).toBe("Absenden");
    expect((await definition("?lang=es")).messages?.submit).toBe("Enviar");
    expect((await definition("?lang=xx")).language).toBe("de");
  });

  it('follows the browser for a "browser" form, and sends no texts for English', async () => {
    await publish("browser");
    expect((await definition("?accept=fr-CA,en")).messages?.submit).toBe("Envoyer");
    const en = await definition("?accept=ar");
    expect(en).toMatchObject({ language: "en", messages: null });
    expect((await call(`/v1/forms/demo?accept=${"x".repeat(300)}`)).status).toBe(422);
  });
});
