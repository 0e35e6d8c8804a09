import * as fc from "fast-check";
import { describe, expect, it } from "vitest";
import { call } from "./helpers";

// Issue 16 item 2: a token that is not valid base64url (or not a token at all) is a 403 or
// 404 on every endpoint that takes one, never a 500. Tokens are checked before any read, so
// ids that exist are not needed.
const LEAD = "00000000-0000-4000-8000-000000000001";
const BOOKING = "00000000-0000-4000-8000-000000000002";

const q = (t: string) => encodeURIComponent(t);
const json = (body: unknown): RequestInit => ({
  method: "POST",
  headers: { "Content-Type": "application/json" },
  body: JSON.stringify(body),
});

const ENDPOINTS: Record<string, (token: string) => [string, RequestInit]> = {
  "GET slots": (t) => [`/v1/leads/${LEAD}/slots?bookingToken=${q(t)}`, {}],
  "POST booking": (t) => [
    `/v1/leads/${LEAD}/bookings`,
    json({ start: "2030-01-07T09:00:00Z", bookingToken: t }),
  ],
  "GET booking view": (t) => [`/v1/bookings/${BOOKING}?token=${q(t)}`, {}],
  "GET cancel": (t) => [`/v1/bookings/${BOOKING}/cancel?token=${q(t)}`, {}],
  "POST cancel": (t) => [`/v1/bookings/${BOOKING}/cancel?token=${q(t)}`, { method: "POST" }],
  "POST reschedule": (t) => [
    `/v1/bookings/${BOOKING}/reschedule?token=${q(t)}`,
    json({ start: "2030-01-07T09:00:00Z" }),
  ],
  "GET accept": (t) => [`/v1/accept/${q(t)}`, {}],
  "POST accept": (t) => [`/v1/accept/${q(t)}`, { method: "POST" }],
};

const b64 = fc.stringMatching(/^[A-Za-z0-9_-]{1,40}$/);
// Odd base64 lengths (4n+1), stray dots, padding, non-ASCII, valid-looking bodies with bad macs.
const malformed = fc.oneof(
  b64,
  fc.tuple(b64, b64).map(([a, b]) => `${a}.${b}`),
  fc.tuple(b64, b64, b64).map(([a, b, c]) => `${a}.${b}.${c}`),
  fc.tuple(b64, fc.constantFrom("a", "abcde", "=", "==", "a=b", "é", "%", "+/")).map(([a, b]) => `${a}.${b}`),
  fc.tuple(fc.constantFrom("a", "abcde", "é", "+/", "===", ""), b64).map(([a, b]) => `${a}.${b}`),
  fc.string({ minLength: 1, maxLength: 60 }),
);

describe("malformed signed tokens", () => {
  it.each(Object.keys(ENDPOINTS))("%s answers 403/404, never 5xx", async (name) => {
    const build = ENDPOINTS[name]!;
    for (const fixed of ["a", "a.b", "abcde.abcde", "e30.a", "e30.abcde", "bnVsbA.abcd"]) {
      const res = await call(...build(fixed));
      expect([403, 404], `${name} with ${fixed}`).toContain(res.status);
    }
    await fc.assert(
      fc.asyncProperty(malformed, async (token) => {
        const res = await call(...build(token));
        expect([403, 404], `${name} with ${JSON.stringify(token)}`).toContain(res.status);
      }),
      { numRuns: 40, seed: 16 },
    );
  });
});
