import type { Territory } from "../../../worker/core/config-doc";
import { IconButton, TagsField, TextField } from "../components/fields";
import { Issues } from "../components/Issues";
import type { TabProps } from "./ConfigScreen";
import { issuesAt } from "./store";

type Postal = NonNullable<Territory["postalCodes"]>[number];
const postalText = (p: Postal[] | undefined) =>
  (p ?? []).map((r) => `${r.country} ${r.from}-${r.to}`).join("\n");
function parsePostal(text: string): Postal[] {
  return text
    .split("\n")
    .map((l) => l.trim().match(/^([A-Za-z]{2})\s+(\S+)\s*-\s*(\S+)$/))
    .filter((m): m is RegExpMatchArray => m !== null)
    .map((m) => ({ country: m[1]!.toUpperCase(), from: m[2]!.toUpperCase(), to: m[3]!.toUpperCase() }));
}
const orUndefined = <T,>(xs: T[]) => (xs.length ? xs : undefined);

/** Region sets (named country lists) and territories (countries, regions, subdivisions, postal ranges). */
export function PlacesTab({ state, actions }: TabProps) {
  const doc = state.doc;
  return (
    <>
      <section class="card">
        <div class="row spread">
          <h2>Region sets ({doc.regions.length})</h2>
          <button
            type="button"
            onClick={() =>
              actions.update(
                (d) =>
                  void d.regions.push({
                    id: `region-${d.regions.length + 1}`,
                    name: "New region",
                    countries: ["US"],
                  }),
              )
            }
          >
            + Add region set
          </button>
        </div>
        <p class="muted">Named lists of countries, used by rules with "is in region".</p>
        {doc.regions.map((r, i) => (
          <div class="item" key={i} data-region={r.id}>
            <Issues issues={issuesAt(state.issues, ["regions", i])} base={["regions", i]} doc={state.doc} />
            <div class="grid">
              <TextField
                label="Name"
                value={r.name}
                onChange={(v) => actions.update((d) => void (d.regions[i]!.name = v))}
              />
              <TextField
                label="Id"
                value={r.id}
                onChange={(v) => actions.update((d) => void (d.regions[i]!.id = v))}
              />
              <TagsField
                label="Countries (ISO codes)"
                upper
                value={r.countries}
                onChange={(v) => actions.update((d) => void (d.regions[i]!.countries = v))}
              />
            </div>
            <IconButton
              label={`Remove region set ${r.name}`}
              text="Remove"
              danger
              onClick={() => actions.update((d) => void d.regions.splice(i, 1))}
            />
          </div>
        ))}
      </section>
      <section class="card">
        <div class="row spread">
          <h2>Territories ({doc.territories.length})</h2>
          <button
            type="button"
            onClick={() =>
              actions.update(
                (d) =>
                  void d.territories.push({
                    id: `territory-${d.territories.length + 1}`,
                    name: "New territory",
                    countries: ["US"],
                  }),
              )
            }
          >
            + Add territory
          </button>
        </div>
        <p class="muted">
          A lead is inside a territory when it matches any of its countries, regions, subdivisions or postal
          ranges.
        </p>
        {doc.territories.map((t, i) => {
          const edit = (fn: (x: Territory) => void) => actions.update((d) => fn(d.territories[i]!));
          return (
            <div class="item" key={i} data-territory={t.id}>
              <Issues
                issues={issuesAt(state.issues, ["territories", i])}
                base={["territories", i]}
                doc={state.doc}
              />
              <div class="grid">
                <TextField label="Name" value={t.name} onChange={(v) => edit((x) => void (x.name = v))} />
                <TextField label="Id" value={t.id} onChange={(v) => edit((x) => void (x.id = v))} />
                <TagsField
                  label="Countries"
                  upper
                  value={t.countries}
                  onChange={(v) => edit((x) => void (x.countries = orUndefined(v)))}
                />
                <TagsField
                  label="Subdivisions"
                  hint="e.g. US-CA, GB-ENG"
                  upper
                  value={t.subdivisions}
                  onChange={(v) => edit((x) => void (x.subdivisions = orUndefined(v)))}
                />
              </div>
              <fieldset class="checks">
                <legend>Region sets</legend>
                {doc.regions.map((r) => (
                  <label key={r.id} class="toggle">
                    <input
                      type="checkbox"
                      checked={t.regions?.includes(r.id) ?? false}
                      onChange={(e) => {
                        const on = e.currentTarget.checked;
                        edit(
                          (x) =>
                            void (x.regions = orUndefined(
                              on
                                ? [...(x.regions ?? []), r.id]
                                : (x.regions ?? []).filter((id) => id !== r.id),
                            )),
                        );
                      }}
                    />{" "}
                    {r.name}
                  </label>
                ))}
              </fieldset>
              <label>
                Postal code ranges (one per line: <code>US 90000-96199</code>)
                <textarea
                  rows={3}
                  value={postalText(t.postalCodes)}
                  onChange={(e) =>
                    edit((x) => void (x.postalCodes = orUndefined(parsePostal(e.currentTarget.value))))
                  }
                />
              </label>
              <IconButton
                label={`Remove territory ${t.name}`}
                text="Remove"
                danger
                onClick={() => actions.update((d) => void d.territories.splice(i, 1))}
              />
            </div>
          );
        })}
      </section>
    </>
  );
}
