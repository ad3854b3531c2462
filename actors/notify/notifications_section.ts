/**
 * The `notifications` plant-file section: webhooks that receive alarm
 * transitions, routed by priority and state, with retry and de-duplication
 * settings.
 *
 * @module
 */
import { z } from "zod";
import type { PlantSection } from "../../plant/plant_section.ts";
import { PRIORITIES } from "../alarms/alarm_definition.ts";
import { ALARM_STATES } from "../alarms/alarm_machine.ts";

const webhookSchema = z.strictObject({
  name: z.string().min(1),
  url: z.url({ protocol: /^https?$/, error: "expected an http:// or https:// URL" }),
  priorities: z.array(z.enum(PRIORITIES)).min(1).default([...PRIORITIES]),
  states: z.array(z.enum(ALARM_STATES)).min(1).default(["unacknowledged"]),
  dedup_s: z.number().min(0).default(300),
  retries: z.int().min(0).max(20).default(5),
  backoff_ms: z.int().min(1).default(1_000),
  max_backoff_ms: z.int().min(1).default(60_000),
  timeout_ms: z.int().min(1).default(5_000),
  queue: z.int().min(1).max(1_000_000).default(1_000),
  headers: z.record(z.string(), z.string()).default({}),
});

/** One webhook, validated. */
export type WebhookConfig = z.output<typeof webhookSchema>;

/** Schema of the `notifications` section. */
export const notificationsSchema = z.strictObject({
  webhooks: z.array(webhookSchema).default([]),
});

/** The validated section. */
export type NotificationsConfig = z.output<typeof notificationsSchema>;

/** The `notifications` section. */
export const notificationsSection: PlantSection<NotificationsConfig> = {
  key: "notifications",
  validate(raw, ctx) {
    const parsed = notificationsSchema.safeParse(raw);
    if (!parsed.success) {
      for (const issue of parsed.error.issues) {
        ctx.report(["notifications", ...(issue.path as (string | number)[])], issue.message);
      }
      return { webhooks: [] };
    }
    const names = new Set<string>();
    parsed.data.webhooks.forEach((w, i) => {
      if (names.has(w.name)) {
        ctx.report(["notifications", "webhooks", i, "name"], `duplicate webhook "${w.name}"`);
      }
      names.add(w.name);
    });
    return parsed.data;
  },
};
