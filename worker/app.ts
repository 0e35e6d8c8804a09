import { OpenAPIHono } from "@hono/zod-openapi";
import { requestId } from "hono/request-id";
import { secureHeaders } from "hono/secure-headers";
import { routingConfigSchema } from "./core/config";
import type { AppEnv } from "./http/hono-env";
import { adminAuth } from "./http/middleware/admin-auth";
import { requestClock } from "./http/middleware/request-context";
import { notFound, onError } from "./http/on-error";
import { adminAccounts } from "./http/routes/admin-accounts";
import { adminBacktest } from "./http/routes/admin-backtest";
import { adminAudit } from "./http/routes/admin-audit";
import { adminCalendar, publicCalendar } from "./http/routes/admin-calendar";
import { adminCalendarBlocks } from "./http/routes/admin-calendar-blocks";
import { adminConfig } from "./http/routes/admin-config";
import { adminCron } from "./http/routes/admin-cron";
import { adminLeads } from "./http/routes/admin-leads";
import { adminAnalytics } from "./http/routes/admin-analytics";
import { adminDeliveries } from "./http/routes/admin-deliveries";
import { adminLeadDetail } from "./http/routes/admin-lead-detail";
import { adminLeadsList } from "./http/routes/admin-leads-list";
import { adminPrivacy } from "./http/routes/admin-privacy";
import { adminWebhooks } from "./http/routes/admin-webhooks";
import { publicAccept } from "./http/routes/public-accept";
import { adminRouteTest } from "./http/routes/admin-route-test";
import { adminTokens } from "./http/routes/admin-tokens";
import { health } from "./http/routes/health";
import { intakeWebhook } from "./http/routes/intake-webhook";
import { publicBookings } from "./http/routes/public-bookings";
import { publicForms } from "./http/routes/public-forms";
import { publicLeads } from "./http/routes/public-leads";
import { publicSubmissions } from "./http/routes/public-submissions";
import { validationHook } from "./http/validation";
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
  admin.route("/", adminAccounts);
  admin.route("/", adminAudit);
  admin.route("/", adminRouteTest);
  admin.route("/", adminBacktest);
  admin.route("/", adminCalendar);
  admin.route("/", adminCalendarBlocks);
  admin.route("/", adminLeads);
  admin.route("/", adminLeadsList);
  admin.route("/", adminLeadDetail);
  admin.route("/", adminAnalytics);
  admin.route("/", adminDeliveries);
  admin.route("/", adminPrivacy);
  admin.route("/", adminCron);
  admin.route("/", adminWebhooks);

  app.route("/", health);
  app.route("/v1", publicForms);
  app.route("/v1", publicSubmissions);
  app.route("/v1", intakeWebhook);
  app.route("/v1", publicCalendar);
  app.route("/v1", publicAccept);
  app.route("/v1", publicLeads);
  app.route("/v1", publicBookings);
  app.route("/v1/admin", admin);
  // The visitor's hosted pages (HTML): the manage link and the lead's own booking page.
  app.route("/b", bookingPage);
  app.route("/l", leadPage);
  app.route("/f", formPage);

  app.openAPIRegistry.register("RoutingConfig", routingConfigSchema);
  app.openAPIRegistry.registerComponent("securitySchemes", "bearerAuth", { type: "http", scheme: "bearer" });
  app.doc31("/openapi.json", {
    openapi: "3.1.0",
    info: {
      title: "Baton API",
      version: "1.0.0",
      description: "Form-to-meeting lead routing. Errors are `{ error: { code, message, details? } }`.",
    },
  });

  app.notFound(notFound);
  app.onError(onError);
  return app;
}
