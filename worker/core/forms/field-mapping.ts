import type { Form, FormField } from "../config-doc";

/**
 * Field mapping for server-to-server intake: where in a foreign payload each of the form's
 * fields (and the lead's context) is found.
 *
 * A mapping is `{ target: path }`. A target is a form field name, `context.pageUrl`,
 * `context.referrer`, `context.source` or `utm.<name>`. A path is dotted, up to
 * `MAX_PATH_DEPTH` segments of own properties or array indexes: `properties.email_address`,
 * `answers.0.text`. Unmapped fields default to the identity path for the payload's shape:
 * - generic JSON: the field's name at the top level (`email`);
 * - HubSpot Forms API v3 submit (`{ fields: [{ name, value }], context: { pageUri, … } }`):
 *   the list becomes an object, so `fields.<name>`; `context.pageUri` is the page URL;
 * - HubSpot contact (workflow webhook, `{ properties: { email: { value } } }`):
 *   `properties.<name>`, with `{ value }` unwrapped.
 */
export type FieldMapping = Readonly<Record<string, string>>;

export type PayloadShape = "generic" | "hubspot_form" | "hubspot_contact";

export type MappedContext = {
  pageUrl?: string;
  referrer?: string;
  source?: string;
  utm?: Record<string, string>;
};

export type MappedPayload = {
  shape: PayloadShape;
  fields: Record<string, unknown>;
  context: MappedContext;
  /** The path each form field was looked up at, so a 422 can say where Baton looked. */
  paths: Record<string, string>;
};

export const MAX_PATH_DEPTH = 8;
export const MAX_MAPPINGS = 64;
const SEGMENT = /^[A-Za-z0-9_$@-]{1,64}$/;
// Never walk into these, whatever the payload holds: they reach the prototype chain.
const FORBIDDEN = new Set(["__proto__", "prototype", "constructor"]);
const CONTEXT_TARGETS = new Set(["context.pageUrl", "context.referrer", "context.source"]);
const UTM_TARGET = /^utm\.[a-z_]{1,40}$/;
const CONTEXT_LIMITS = { pageUrl: 2048, referrer: 2048, source: 200, utm: 500 } as const;

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === "object" && v !== null && !Array.isArray(v);

function validPath(path: string): boolean {
  const segments = path.split(".");
  return segments.length <= MAX_PATH_DEPTH && segments.every((s) => SEGMENT.test(s) && !FORBIDDEN.has(s));
}

/**
 * Checks a mapping against a form: every target must be one of its fields or a context
 * target, and every path well formed. Returns problems by target, for a 422.
 */
export function mappingErrors(mapping: FieldMapping, form: Form): { target: string; message: string }[] {
  const names = new Set(form.fields.map((f) => f.name));
  const errors: { target: string; message: string }[] = [];
  const entries = Object.entries(mapping);
  if (entries.length > MAX_MAPPINGS)
    errors.push({ target: "*", message: `At most ${MAX_MAPPINGS} mappings` });
  for (const [target, path] of entries.slice(0, MAX_MAPPINGS)) {
    if (!names.has(target) && !CONTEXT_TARGETS.has(target) && !UTM_TARGET.test(target)) {
      errors.push({
        target,
        message: `"${target}" is not a field of form "${form.id}" nor a context target`,
      });
    } else if (!validPath(path)) {
      errors.push({ target, message: `Paths are dotted names or indexes, at most ${MAX_PATH_DEPTH} deep` });
    }
  }
  return errors;
}

/** Reads a dotted path through own properties and array indexes only. */
export function readPath(source: unknown, path: string): unknown {
  if (!validPath(path)) return undefined;
  let node: unknown = source;
  for (const segment of path.split(".")) {
    if (Array.isArray(node) && /^\d+$/.test(segment)) node = node[Number(segment)];
    else if (isObj(node) && Object.hasOwn(node, segment)) node = node[segment];
    else return undefined;
  }
  return node;
}

function detectShape(payload: Obj): PayloadShape {
  const { fields, properties } = payload;
  if (Array.isArray(fields) && fields.every((f) => isObj(f) && typeof f.name === "string")) {
    return "hubspot_form";
  }
  if (isObj(properties) && Object.values(properties).some((p) => isObj(p) && "value" in p)) {
    return "hubspot_contact";
  }
  return "generic";
}

/** HubSpot's list of `{ name, value }` as an object; a repeated name (multi-checkbox) becomes a list. */
function hubspotFields(list: Obj[]): Obj {
  const out: Obj = {};
  for (const { name, value } of list) {
    const key = String(name);
    if (FORBIDDEN.has(key)) continue;
    if (!Object.hasOwn(out, key)) out[key] = value;
    else out[key] = [...(Array.isArray(out[key]) ? out[key] : [out[key]]), value];
  }
  return out;
}

/** The payload as the object paths are read from, and the identity path of a field name. */
function normalizeSource(
  payload: Obj,
  shape: PayloadShape,
): { source: Obj; identity: (n: string) => string } {
  if (shape === "hubspot_form") {
    const source = { ...payload, fields: hubspotFields(payload.fields as Obj[]) };
    return { source, identity: (n) => `fields.${n}` };
  }
  if (shape === "hubspot_contact") {
    const props = Object.entries(payload.properties as Obj).map(([k, v]) => [
      k,
      isObj(v) && "value" in v ? v.value : v,
    ]);
    return {
      source: { ...payload, properties: Object.fromEntries(props) },
      identity: (n) => `properties.${n}`,
    };
  }
  return { source: payload, identity: (n) => n };
}

/** A mapped value in the type the form's schema expects; objects and nulls count as missing. */
function fieldValue(field: FormField, value: unknown, shape: PayloadShape): unknown {
  if (typeof value === "number" || typeof value === "boolean") {
    return field.type === "number" || field.type === "checkbox" ? value : String(value);
  }
  // HubSpot sends a multi-checkbox answer as one "a;b" string.
  if (typeof value === "string" && field.type === "multiselect" && shape !== "generic") {
    return value.split(";").filter(Boolean);
  }
  if (typeof value === "string") return value;
  if (Array.isArray(value) && value.every((v) => typeof v === "string")) return value;
  return undefined;
}

/** A non-blank string cut to `max`, else nothing. */
function text(v: unknown, max: number): string | undefined {
  return typeof v === "string" && v.trim() ? v.slice(0, max) : undefined;
}

function mapContext(source: Obj, mapping: FieldMapping, shape: PayloadShape): MappedContext {
  const at = (target: string, fallback?: string) => {
    const path = mapping[target] ?? fallback;
    return path === undefined ? undefined : readPath(source, path);
  };
  const context: MappedContext = {
    pageUrl: text(
      at("context.pageUrl", shape === "hubspot_form" ? "context.pageUri" : undefined),
      CONTEXT_LIMITS.pageUrl,
    ),
    referrer: text(at("context.referrer"), CONTEXT_LIMITS.referrer),
    source:
      text(at("context.source"), CONTEXT_LIMITS.source) ?? (shape === "generic" ? "webhook" : "hubspot"),
  };
  const utm: Record<string, string> = {};
  for (const target of Object.keys(mapping).filter((t) => UTM_TARGET.test(t))) {
    const value = text(at(target), CONTEXT_LIMITS.utm);
    if (value) utm[target.slice(4)] = value;
  }
  if (Object.keys(utm).length) context.utm = utm;
  return Object.fromEntries(Object.entries(context).filter(([, v]) => v !== undefined)) as MappedContext;
}

/**
 * Maps a foreign JSON object onto a form's fields and the lead's context. Pure, and total:
 * it never throws; a field it cannot find is simply absent, for the form's schema to report.
 * Check the mapping first with `mappingErrors`.
 */
export function mapPayload(payload: Readonly<Obj>, mapping: FieldMapping, form: Form): MappedPayload {
  const shape = detectShape(payload);
  const { source, identity } = normalizeSource(payload, shape);
  const fields: Record<string, unknown> = {};
  const paths: Record<string, string> = {};
  for (const field of form.fields) {
    const path = Object.hasOwn(mapping, field.name) ? mapping[field.name]! : identity(field.name);
    paths[field.name] = path;
    const value = fieldValue(field, readPath(source, path), shape);
    if (value !== undefined) fields[field.name] = value;
  }
  return { shape, fields, context: mapContext(source, mapping, shape), paths };
}
