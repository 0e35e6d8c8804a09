import { html } from "hono/html";
import { describe, expect, it } from "vitest";
import { avatar, layout } from "../../worker/hosted/layout";
import { slotPicker, translator } from "../../worker/hosted/views";

const HOSTILE = `<img src=x onerror="alert(1)">'"&`;
const str = async (h: unknown) => String(await h);

describe("hosted page markup", () => {
  it("escapes org names, titles and branding in the frame", async () => {
    const page = await str(
      layout({
        lang: "en",
        title: HOSTILE,
        branding: { orgName: HOSTILE, primary: "red;}</style><script>", logoUrl: "javascript:alert(1)" },
        body: html``,
      }),
    );
    expect(page).not.toContain("<img src=x");
    expect(page).not.toContain("<script>");
    expect(page).not.toContain("javascript:");
    expect(page).toContain("&lt;img src=x onerror=&quot;alert(1)&quot;&gt;");
  });

  it("shows initials for a rep without an https photo, and escapes them", async () => {
    expect(await str(avatar("<b>Ada</b> Lovelace", "http://x.example/a.png"))).toBe(
      '<span class="avatar" aria-hidden="true">&lt;L</span>',
    );
    expect(await str(avatar("Ada", 'https://x.example/a.png" onload="x'))).toContain(
      'src="https://x.example/a.png&quot; onload=&quot;x"',
    );
  });

  it("renders each slot as a submit button in the visitor's zone and language", async () => {
    const markup = await str(
      slotPicker({
        action: "/b/x/reschedule?token=a&tz=Europe/Berlin",
        slots: [{ start: "2026-03-04T09:00:00.000Z", end: "2026-03-04T09:30:00.000Z" }],
        zone: "Europe/Berlin",
        lang: "de",
        t: translator("de"),
      }),
    );
    expect(markup).toContain('action="/b/x/reschedule?token=a&amp;tz=Europe/Berlin"');
    expect(markup).toMatch(/name="start"\s+value="2026-03-04T09:00:00.000Z"/);
    expect(markup).toContain("Mittwoch, 4. März");
    expect(markup).toMatch(/>\s*10:00\s*<\/button>/);
  });
});
