// TEMPORARY: routes only, no provider.
import worker from "./index";
import { adminCalendar, publicCalendar } from "./http/routes/admin-calendar";
export { TeamDurableObject } from "./team/team-durable-object";
export { RateLimiterDurableObject } from "./team/rate-limiter";
export const routes = [adminCalendar, publicCalendar];
export default worker;
