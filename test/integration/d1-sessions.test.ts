/**
 * D1 read replication through the Sessions API (worker/db/d1-session.ts): the visitor's
 * answers carry D1's bookmark, the widget sends it back, and the next read-only work may be
 * served by a replica near the visitor while still seeing the visitor's own write. The trace
 * (worker/edge/call-trace.ts) marks the reads a replica may serve; `regionDepth` counts only
 * the calls that must reach the data's region.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { BOOKMARK_HEADER } from "../../worker/db/d1-session";
import { NOW, setUpEdgePaths, traced } from "./edge-paths";

const L = 20;

beforeAll(setUpEdgePaths);

let n = 0;
async function submit() {
  const i = ++n;
  const run = await traced(
    "/v1/forms/demo/submissions",
    {
      method: "POST",
      body: JSON.stringify({
        fields: {
          first_name: "Replica",
          last_name: `Visitor ${i}`,
          email: `replica${i}@replica${i}.example`,
          company: `Replica ${i}`,
          employees: "50-199",
          country: "US",
        },
      }),
    },
    0,
  );
  expect(run.status, JSON.stringify(run.body)).toBe(201);
  return { ...(run.body as { leadId: string; bookingToken: string; slots: { start: string }[] }), run };
}

function slotsPath(lead: { leadId: string; bookingToken: string }, bookmark?: string) {
  const from = new Date(NOW + 7 * 86_400_000).toISOString();
  const to = new Date(NOW + 14 * 86_400_000).toISOString();
  const q = new URLSearchParams({ bookingToken: lead.bookingToken, from, to });
  if (bookmark !== undefined) q.set("bookmark", bookmark);
  return `/v1/leads/${lead.leadId}/slots?${q}`;
}

describe("D1 sessions on the visitor's paths", () => {
  it("answers the submission with D1's bookmark, readable by the embedding site", async () => {
    const lead = await submit();
    expect(lead.run.bookmark).toMatch(/\S/);
    expect(lead.run.headers.get("Access-Control-Expose-Headers")).toContain(BOOKMARK_HEADER);
    // The booking POST sends it back as a header, so its preflight must allow that header.
    const preflight = await traced(
      `/v1/leads/${lead.leadId}/bookings`,
      {
        method: "OPTIONS",
        headers: {
          "Access-Control-Request-Method": "POST",
          "Access-Control-Request-Headers": `content-type, ${BOOKMARK_HEADER.toLowerCase()}`,
        },
      },
      0,
    );
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get("Access-Control-Allow-Headers")).toContain(BOOKMARK_HEADER);
    const slots = await traced(slotsPath(lead, lead.run.bookmark!), { method: "GET" }, 0);
    expect(slots.status).toBe(200);
    expect(slots.bookmark).toMatch(/\S/);
    expect(slots.headers.get("Access-Control-Expose-Headers")).toContain(BOOKMARK_HEADER);
  });

  it("reads the slots from a replica when the visitor brings the bookmark of their submission", async () => {
    const lead = await submit();
    const run = await traced(slotsPath(lead, lead.run.bookmark!), { method: "GET" }, L);
    expect(run.status, JSON.stringify(run.body)).toBe(200);
    expect(run.body.slots.length).toBeGreaterThan(0);
    const labels = run.summary.labels.join("\n");
    expect(labels).toContain("(replica)");
    expect(run.summary.regionDepth, labels).toBe(0);
  });

  it("starts at the primary without a bookmark, or with one that is not a bookmark", async () => {
    const lead = await submit();
    for (const bookmark of [undefined, "first-unconstrained", "a b", `${"x".repeat(200)}!`]) {
      const run = await traced(slotsPath(lead, bookmark), { method: "GET" }, L);
      expect(run.status, JSON.stringify(run.body)).toBe(200);
      // The lead's own read goes to the primary: the visitor's lead may not be on a replica yet.
      expect(run.summary.regionDepth, `${bookmark}: ${run.summary.labels.join("\n")}`).toBe(1);
    }
  });

  it("books through the session: the write reaches the primary and the answer carries a newer bookmark", async () => {
    const lead = await submit();
    const run = await traced(
      `/v1/leads/${lead.leadId}/bookings`,
      {
        method: "POST",
        body: JSON.stringify({ start: lead.slots[0]!.start, bookingToken: lead.bookingToken }),
        headers: { [BOOKMARK_HEADER]: lead.run.bookmark! },
      },
      L,
    );
    expect(run.status, JSON.stringify(run.body)).toBe(201);
    expect(run.bookmark).toMatch(/\S/);
    expect(run.bookmark).not.toBe(lead.run.bookmark);
    const labels = run.summary.labels.join("\n");
    // Only the guarded write reaches the primary; the lead, the day's bookings and the
    // confirmed-booking check are read near the visitor.
    expect(run.summary.regionDepth, labels).toBe(1);
    expect(run.summary.depth, labels).toBeGreaterThan(1);
  });
});
