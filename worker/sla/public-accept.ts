import { Hono } from "hono";
import { html } from "hono/html";
import { database } from "../db/client";
import { readAcceptToken } from "../notify/accept-link";
import { acceptAssignment } from "./accept";
import type { AppEnv } from "../http/hono-env";

// The token is the credential: keep it out of Referer headers and shared caches.
const HEADERS = { "Referrer-Policy": "no-referrer", "Cache-Control": "no-store" };

function page(title: string, body: ReturnType<typeof html> | string) {
  return html`<!doctype html>
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="robots" content="noindex" />
        <title>${title} · Baton</title>
      </head>
      <body style="font-family: system-ui, sans-serif; max-width: 32rem; margin: 4rem auto; padding: 0 1rem">
        <h1>${title}</h1>
        ${body}
      </body>
    </html>`;
}

/**
 * The rep's accept link. GET only shows a confirmation page with a button, because mail and
 * chat link scanners follow GET links: accepting on GET would accept leads nobody saw.
 */
export const publicAccept = new Hono<AppEnv>()
  .get("/accept/:token", async (c) => {
    const id = await readAcceptToken(c.env, c.req.param("token"), c.get("now"));
    if (!id)
      return c.html(page("Link expired or invalid", "Ask your admin to resend the lead."), 404, HEADERS);
    return c.html(
      page("Accept this lead?", html`<form method="post"><button type="submit">Accept lead</button></form>`),
      200,
      HEADERS,
    );
  })
  .post("/accept/:token", async (c) => {
    const now = c.get("now");
    const id = await readAcceptToken(c.env, c.req.param("token"), now);
    if (!id)
      return c.html(page("Link expired or invalid", "Ask your admin to resend the lead."), 404, HEADERS);
    const result = await acceptAssignment(database(c.env.DB), id, now);
    if (!result.ok) {
      return c.html(
        page("This lead has moved on", "The accept deadline passed and it was reassigned."),
        409,
        HEADERS,
      );
    }
    const when = new Date(result.assignment.acceptedAt ?? now).toISOString();
    return c.html(page("Lead accepted", `Accepted at ${when}. The SLA clock has stopped.`), 200, HEADERS);
  });
