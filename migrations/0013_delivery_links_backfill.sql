-- Custom SQL migration file, put your code below! --
-- Backfill of lead_id / booking_id (0011) for rows written before the columns existed. This is
-- the last place that reads owners out of ids: from here on every writer sets the columns.
-- Each step only fills rows still NULL, so running it twice changes nothing.

-- Webhook messages: every event's data names its lead, meeting events their booking too.
UPDATE `webhook_messages` SET
  `lead_id` = `body` ->> '$.data.leadId',
  `booking_id` = `body` ->> '$.data.bookingId'
WHERE `lead_id` IS NULL AND json_valid(`body`);
--> statement-breakpoint
-- Their delivery attempts share the webhook message's id.
UPDATE `notification_deliveries` SET
  `lead_id` = (SELECT m.`lead_id` FROM `webhook_messages` m WHERE m.`id` = `notification_deliveries`.`message_id`),
  `booking_id` = (SELECT m.`booking_id` FROM `webhook_messages` m WHERE m.`id` = `notification_deliveries`.`message_id`)
WHERE `lead_id` IS NULL AND `channel` = 'webhook';
--> statement-breakpoint
-- Rep notices and the visitor's follow-up email: `<slack|teams|email>:<leadId>:<kind>:…`.
UPDATE `notification_deliveries` SET `lead_id` = (
  SELECT l.`id` FROM `leads` l
  WHERE l.`id` = substr(
    substr(`message_id`, instr(`message_id`, ':') + 1), 1,
    instr(substr(`message_id`, instr(`message_id`, ':') + 1), ':') - 1)
)
WHERE `lead_id` IS NULL AND `channel` IN ('slack', 'teams', 'email')
  AND (`message_id` LIKE 'slack:%' OR `message_id` LIKE 'teams:%' OR `message_id` LIKE 'email:%');
--> statement-breakpoint
-- A meeting notice names its booking after the rep: one of the lead's bookings appears as a segment.
UPDATE `notification_deliveries` SET `booking_id` = (
  SELECT b.`id` FROM `bookings` b
  WHERE b.`lead_id` = `notification_deliveries`.`lead_id`
    AND instr(`notification_deliveries`.`message_id` || ':', ':' || b.`id` || ':') > 0
  LIMIT 1
)
WHERE `booking_id` IS NULL AND `lead_id` IS NOT NULL AND `channel` IN ('slack', 'teams', 'email');
--> statement-breakpoint
-- Builtin calendar invites: `<bookingId>@baton:<sequence>:<role>`, the booking the event was opened for.
UPDATE `notification_deliveries` SET
  `booking_id` = (SELECT b.`id` FROM `bookings` b
    WHERE b.`id` = substr(`message_id`, 1, instr(`message_id`, '@baton:') - 1)),
  `lead_id` = (SELECT b.`lead_id` FROM `bookings` b
    WHERE b.`id` = substr(`message_id`, 1, instr(`message_id`, '@baton:') - 1))
WHERE `lead_id` IS NULL AND `channel` = 'email' AND instr(`message_id`, '@baton:') > 1;
--> statement-breakpoint
-- CRM write-backs: the message id is the crm_sync row's id, which carries both columns.
UPDATE `notification_deliveries` SET
  `lead_id` = (SELECT s.`lead_id` FROM `crm_sync` s WHERE s.`id` = `notification_deliveries`.`message_id`),
  `booking_id` = (SELECT s.`booking_id` FROM `crm_sync` s WHERE s.`id` = `notification_deliveries`.`message_id`)
WHERE `lead_id` IS NULL AND `channel` = 'crm';
--> statement-breakpoint
-- Outcome forwards to the team object: `outcome-<leadId>-<kind>`.
UPDATE `notification_deliveries` SET `lead_id` = (
  SELECT l.`id` FROM `leads` l,
    json_each('["contacted","qualified","opportunity","won","lost","no_show"]') kinds
  WHERE `notification_deliveries`.`message_id` LIKE '%-' || kinds.`value`
    AND l.`id` = substr(`notification_deliveries`.`message_id`, 9,
      length(`notification_deliveries`.`message_id`) - 9 - length(kinds.`value`))
  LIMIT 1
)
WHERE `lead_id` IS NULL AND `channel` = 'team-model' AND `message_id` LIKE 'outcome-%';
--> statement-breakpoint
-- The dev email outbox shares message ids with the delivery log.
UPDATE `email_outbox` SET
  `lead_id` = (SELECT d.`lead_id` FROM `notification_deliveries` d
    WHERE d.`message_id` = `email_outbox`.`message_id` AND d.`lead_id` IS NOT NULL LIMIT 1),
  `booking_id` = (SELECT d.`booking_id` FROM `notification_deliveries` d
    WHERE d.`message_id` = `email_outbox`.`message_id` AND d.`lead_id` IS NOT NULL LIMIT 1)
WHERE `lead_id` IS NULL;
