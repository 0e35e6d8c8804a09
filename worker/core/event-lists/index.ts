/** Event lists (badge scans, webinar exports): row screening and the dry-run forecast. */
export {
  EVENT_FIELDS,
  EVENT_FORM_ID,
  listIdentity,
  MAX_CELL_CHARS,
  MAX_EVENT_ROWS,
  normaliseEmail,
  screenEventRows,
  type AcceptedRow,
  type EventField,
  type EventRowInput,
  type RefusedRow,
} from "./rows";
export { forecastEventList, type Forecast, type ForecastInput, type ForecastRow } from "./forecast";
