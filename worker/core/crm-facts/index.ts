export type {
  CompanyPage,
  CrmCompany,
  CrmContact,
  CrmLookup,
  CrmLookupNote,
  CrmLookupStatus,
  CrmOwner,
  LeadUpsert,
  MeetingLog,
} from "./types";
export { mapOwners, type OwnerMapping } from "./owners";
export { CRM_FACT_PREFIX, CRM_FACTS, crmFacts, crmOwnerOf } from "./facts";
export { contactProperties, type FieldMapping } from "./writeback";
export {
  accountsFromCompanies,
  advanceCursor,
  advanceKeysetCursor,
  SEARCH_WINDOW,
  type SyncCursor,
} from "./accounts";
export { eventDescription, salesforceRecordFields, type SalesforceRecordSettings } from "./salesforce";
