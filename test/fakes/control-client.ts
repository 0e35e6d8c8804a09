/**
 * The tests' side of a fake's `__control` endpoints (queue faults, seed data, read what was
 * asked): a GET without a body, a JSON POST with one. Plain fetch, so it runs in workerd (the
 * integration tests) and in Node (e2e) alike.
 */
export async function callControl<T = any>(url: string | URL, body?: unknown): Promise<T> {
  const res = await fetch(url, {
    method: body === undefined ? "GET" : "POST",
    headers: { "Content-Type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  // A fake refusing a control call is the test's own mistake: fail here, naming the call.
  if (!res.ok) throw new Error(`fake control ${String(url)}: ${res.status}`);
  return (await res.json()) as T;
}
