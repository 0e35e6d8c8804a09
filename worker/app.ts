import { OpenAPIHono } from "@hono/zod-openapi";
import { requestId } from "hono/request-id";
import { secureHeaders } from "hono/secure-headers";
import { routingConfigSchema } from "./core/config-doc";
import type { AppEnv } from "./http/hono-env";
import { adminAuth } from "./auth/admin-auth";
import { adminMe } from "./auth/admin-me";
import { requestClock } from "./http/request-context";
import { notFound, onError } from "./http/on-error";
import { adminAccounts } from "./accounts/admin-accounts";
import { adminBacktest } from "./config/admin-backtest";
import { adminAudit } from "./audit/admin-audit";
import { adminCalendar, publicCalendar } from "./calendars/admin-calendar";
import { adminCalendarBlocks } from "./calendars/admin-calendar-blocks";
import { adminCalendarMicrosoft, publicCalendarMicrosoft } from "./calendars/admin-calendar-microsoft";
import { crmAdmin } from "./crm/routes";
import { crmOAuthAdmin, crmOAuthPublic } from "./crm/oauth-routes";
import { salesforceAdmin, salesforceOAuthPublic } from "./crm/salesforce-routes";
import { adminConfig } from "./config/admin-config";
import { adminCron } from "./cron/admin-cron";
import { adminLeads } from "./leads/admin-leads";
import { adminInsights } from "./insights/admin-insights";
import { adminAnalytics } from "./analytics/admin-analytics";
import { adminDeliveries } from "./notify/admin-deliveries";
import { adminLeadDetail } from "./leads/admin-lead-detail";
import { adminLeadReassign } from "./leads/admin-lead-reassign";
import { adminLeadsList } from "./leads/admin-leads-list";
import { adminPrivacy } from "./privacy/admin-privacy";
import { adminWebhooks } from "./notify/admin-webhooks";
import { publicAccept } from "./sla/public-accept";
import { publicRepAuth } from "./reps/public-rep-auth";
import { repApi } from "./reps/rep-api";
import { repSelfService } from "./reps/rep-self-service";
import { adminRepSessions } from "./reps/admin-rep-sessions";
import { adminRouteTest } from "./config/admin-route-test";
import { adminTokens } from "./auth/admin-tokens";
import { health } from "./http/health";
import { intakeWebhook } from "./intake/intake-webhook";
import { publicSignals } from "./signals/public-signals";
import { adminInboundEmails } from "./inbound-email/admin-inbound-emails";
import { adminEventLists } from "./event-lists/admin-event-lists";
import { publicBookings } from "./booking/public-bookings";
import { publicForms } from "./intake/public-forms";
import { publicLeads } from "./booking/public-leads";
import { publicSubmissions } from "./intake/public-submissions";
import { validationHook } from "./http/validation";
import { documentServerStatuses } from "./http/openapi-statuses";
import { bookingPage } from "./hosted/booking-page";
import { formPage } from "./hosted/form-page";
import { leadPage } from "./hosted/lead-page";

/** Builds the HTTP app: one Hono instance per resource, mounted here, one error handler. */
export function createApp() {
  const app = new OpenAPIHono<AppEnv>({ defaultHook: validationHook });

  app.use(requestId({ limitLength: 64 }));
  app.use(requestClock);
  app.use(secureHeaders({ crossOriginResourcePolicy: false }));

  const admin = new OpenAPIHono<AppEnv>({ defaultHook: validationHook });
  admin.use(adminAuth);
  admin.route("/", adminConfig);
  admin.route("/", adminTokens);
  admin.route("/", adminMe);
  admin.route("/", adminAccounts);
  admin.route("/", adminAudit);
  admin.route("/", adminRouteTest);
  admin.route("/", adminBacktest);
  admin.route("/", adminCalendar);
  admin.route("/", adminCalendarBlocks);
  admin.route("/", adminCalendarMicrosoft);
  admin.route("/", crmAdmin);
  admin.route("/", crmOAuthAdmin);
  admin.route("/", salesforceAdmin);
  admin.route("/", adminLeads);
  admin.route("/", adminLeadsList);
  admin.route("/", adminLeadDetail);
  admin.route("/", adminLeadReassign);
  admin.route("/", adminAnalytics);
  admin.route("/", adminInsights);
  admin.route("/", adminDeliveries);
  admin.route("/", adminPrivacy);
  admin.route("/", adminCron);
  admin.route("/", adminWebhooks);
  admin.route("/", adminRepSessions);
  admin.route("/", adminInboundEmails);
  admin.route("/", adminEventLists);

  app.route("/", health);
  app.route("/v1", publicForms);
  app.route("/v1", publicSubmissions);
  app.route("/v1", intakeWebhook);
  app.route("/v1", publicSignals);
  app.route("/v1", publicCalendar);
  app.route("/v1", publicCalendarMicrosoft);
  app.route("/v1", crmOAuthPublic);
  app.route("/v1", salesforceOAuthPublic);
  app.route("/v1", publicAccept);
  // The rep workspace: sign-in, then one rep's own leads and meetings (worker/reps).
  app.route("/v1", publicRepAuth);
  app.route("/v1", repApi);
  app.route("/v1", repSelfService);
  app.route("/v1", publicLeads);
  app.route("/v1", publicBookings);
  app.route("/v1/admin", admin);
  // The visitor's hosted pages (HTML): the manage link and the lead's own booking page.
  app.route("/b", bookingPage);
  app.route("/l", leadPage);
  app.route("/f", formPage);

  app.openAPIRegistry.register("RoutingConfig", routingConfigSchema);
  app.openAPIRegistry.registerComponent("securitySchemes", "bearerAuth", { type: "http", scheme: "bearer" });
  // Generated once per isolate, with the statuses every operation shares added to each one.
  let openApi: unknown;
  app.get("/openapi.json", (c) => {
    openApi ??= documentServerStatuses(
      app.getOpenAPI31Document({
        openapi: "3.1.0",
        info: {
          title: "Baton API",
          version: "1.0.0",
          description: "Form-to-meeting lead routing. Errors are `{ error: { code, message, details? } }`.",
        },
      }),
    );
    return c.json(openApi);
  });

  app.notFound(notFound);
  app.onError(onError);
  return app;
}
