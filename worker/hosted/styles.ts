/**
 * The hosted pages' stylesheet, inline in each page (one request, nothing to cache-bust).
 * Colours meet WCAG AA contrast on the defaults; `--primary` and `--page` come from branding.
 */
export const PAGE_CSS = `
:root{--primary:#4f46e5;--page:#f6f7fb;--text:#1f2430;--muted:#545b6b;--line:#d5d9e2;--bad:#b42318;--ok:#1d6b3a}
*{box-sizing:border-box}
body{margin:0;background:var(--page);color:var(--text);font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif}
.brand{max-width:40rem;margin:0 auto;padding:1.25rem 1rem .5rem}
.brand .logo{max-height:40px;max-width:200px}
.brand .org{font-weight:600}
main{max-width:40rem;margin:0 auto 3rem;padding:1.5rem;background:#fff;border:1px solid var(--line);border-radius:12px}
h1{font-size:1.35rem;margin:0 0 .25rem}
h2{font-size:1.1rem;margin:1.75rem 0 .5rem}
p{margin:.5rem 0}
.muted{color:var(--muted)}
.rep{display:flex;align-items:center;gap:.75rem;margin-bottom:1rem}
.avatar{width:48px;height:48px;border-radius:50%;object-fit:cover;display:inline-flex;align-items:center;justify-content:center;background:var(--primary);color:#fff;font-weight:600;flex:none}
.when{font-size:1.1rem;font-weight:600}
.notice{padding:.75rem 1rem;border-radius:8px;border:1px solid var(--line);background:#f8f9fc}
.notice.ok{border-color:var(--ok);color:var(--ok)}
.notice.bad{border-color:var(--bad);color:var(--bad)}
.day{margin:.75rem 0}
.day-label{font-weight:600;margin:.25rem 0}
.slots{display:flex;flex-wrap:wrap;gap:.5rem}
button,.button{font:inherit;cursor:pointer;border-radius:8px;padding:.5rem .9rem;border:1px solid var(--primary);background:var(--primary);color:#fff;text-decoration:none;display:inline-block}
button.slot{background:#fff;color:var(--primary);min-width:5.5rem}
button.slot:hover,button.slot:focus-visible{background:var(--primary);color:#fff}
button.danger{background:#fff;border-color:var(--bad);color:var(--bad)}
button:focus-visible,a:focus-visible,select:focus-visible,textarea:focus-visible{outline:3px solid var(--primary);outline-offset:2px}
label{display:block;font-weight:600;margin:.5rem 0 .25rem}
textarea,select{font:inherit;width:100%;padding:.5rem;border:1px solid #8a90a0;border-radius:8px;unicode-bidi:plaintext}
textarea{min-height:5rem}
.inline{display:flex;gap:.5rem;align-items:end}
.inline select{width:auto}
a{color:var(--primary)}
.more{margin-top:1rem}
`;
