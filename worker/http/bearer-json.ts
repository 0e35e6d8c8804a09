/**
 * The request every vendor API client sends (HubSpot, Salesforce, Google Calendar, Microsoft
 * Graph): the access token as a bearer, JSON asked for, and a JSON body with its Content-Type
 * only when the call has a body.
 */
export function bearerJsonInit(
  method: string,
  token: string,
  body: unknown,
  signal: AbortSignal | undefined,
): RequestInit {
  return {
    method,
    headers: {
      Authorization: `Bearer ${token}`,
      Accept: "application/json",
      ...(body === undefined ? {} : { "Content-Type": "application/json" }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
    signal,
  };
}
