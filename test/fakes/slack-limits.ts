/**
 * Block Kit limits as Slack documents them (https://docs.slack.dev/reference/block-kit/blocks,
 * …/block-elements, …/composition-objects), checked independently of Baton's builder: the fake
 * Slack refuses a message that breaks one with 400 `invalid_blocks`, as Slack does, and unit
 * tests check Baton's messages against the same list. Returns the problems found.
 */
export function slackPayloadProblems(payload: unknown): string[] {
  if (!payload || typeof payload !== "object") return ["payload is not an object"];
  const { text, blocks } = payload as { text?: unknown; blocks?: unknown };
  const problems: string[] = [];
  if (blocks === undefined) {
    if (typeof text !== "string" || text === "") problems.push("no_text: text or blocks required");
    return problems;
  }
  if (!Array.isArray(blocks)) return ["blocks is not an array"];
  if (blocks.length > 50) problems.push(`${blocks.length} blocks (max 50)`);
  blocks.forEach((b, i) => problems.push(...blockProblems(b, `blocks[${i}]`)));
  return problems;
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => !!v && typeof v === "object" && !Array.isArray(v);

function textObject(t: unknown, path: string, max: number, kinds = ["plain_text", "mrkdwn"]): string[] {
  if (!isObj(t) || !kinds.includes(String(t.type))) return [`${path}: not a ${kinds.join("/")} text object`];
  if (typeof t.text !== "string" || t.text.length === 0) return [`${path}.text: empty`];
  return [...t.text].length > max ? [`${path}.text: ${[...t.text].length} chars (max ${max})`] : [];
}

function blockProblems(b: unknown, path: string): string[] {
  if (!isObj(b)) return [`${path}: not an object`];
  switch (b.type) {
    case "header":
      return textObject(b.text, `${path}.text`, 150, ["plain_text"]);
    case "section": {
      const out: string[] = [];
      if (b.text === undefined && b.fields === undefined) out.push(`${path}: text or fields required`);
      if (b.text !== undefined) out.push(...textObject(b.text, `${path}.text`, 3000));
      if (b.fields !== undefined) {
        if (!Array.isArray(b.fields) || b.fields.length > 10) out.push(`${path}.fields: max 10`);
        else b.fields.forEach((f, i) => out.push(...textObject(f, `${path}.fields[${i}]`, 2000)));
      }
      return out;
    }
    case "context": {
      const els = b.elements;
      if (!Array.isArray(els) || els.length === 0 || els.length > 10) return [`${path}.elements: 1 to 10`];
      return els.flatMap((e, i) => textObject(e, `${path}.elements[${i}]`, 3000));
    }
    case "actions": {
      const els = b.elements;
      if (!Array.isArray(els) || els.length === 0 || els.length > 25) return [`${path}.elements: 1 to 25`];
      return els.flatMap((e, i) => buttonProblems(e, `${path}.elements[${i}]`));
    }
    case "divider":
      return [];
    default:
      return [`${path}: unknown block type ${String(b.type)}`];
  }
}

function buttonProblems(e: unknown, path: string): string[] {
  if (!isObj(e) || e.type !== "button") return [`${path}: not a button`];
  const out = textObject(e.text, `${path}.text`, 75, ["plain_text"]);
  if (e.url !== undefined && (typeof e.url !== "string" || e.url.length > 3000))
    out.push(`${path}.url: max 3000`);
  if (typeof e.action_id === "string" && e.action_id.length > 255) out.push(`${path}.action_id: max 255`);
  if (e.style !== undefined && e.style !== "primary" && e.style !== "danger") out.push(`${path}.style`);
  return out;
}
