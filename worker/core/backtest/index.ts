/** Backtest: replay stored leads through a draft and the active config, and report what moves. */
export { runBacktest, BACKTEST_SCOPE } from "./backtest";
export { replayLead } from "./replay";
export { leadsFromCsv, type CsvLeadsResult } from "./csv-leads";
export { REP_ESTIMATE } from "./load";
export type {
  BacktestInput,
  BacktestLead,
  BacktestOptions,
  BacktestReport,
  Change,
  LoadRow,
  Outcome,
  RuleDiff,
  RuleState,
  Side,
} from "./types";
