/**
 * Which deliveries are written, shared by every place that writes them (the sweep, a manual chase,
 * messages). SQL fragments over `users u` and `ch.channel`; `kinds` is an SQL expression of the
 * delivery's notification kinds (text[]).
 *
 * - inbox: always (it is the ledger's record; preferences cannot turn it off);
 * - e-mail: the user has an address and wants e-mail for one of the kinds;
 * - webhook: the user wants it for one of the kinds AND there is a robot for them — a user of a unit
 *   uses the robot of that unit or of its nearest ancestor that has one (`follow_up_robot_unit`);
 *   a user without a unit (office, leadership, admin) uses the office robot (WEBHOOK_URL), which
 *   is told counts and levels only.
 */
import type { LedgerKind } from '../follow-up.entities.js';
import type { NotificationKind } from './channel-settings.entities.js';

/**
 * Preference kind of a ledger row: reminders and check-ins are reminders; the office's decisions
 * (decision_*) and notices to a unit (interview_notice, self_check_notice) decisions; the rest escalations.
 */
export const PREFERENCE_KIND_SQL = (kindColumn: string) =>
  `CASE WHEN ${kindColumn} IN ('reminder', 'check_in') THEN 'reminder'
        WHEN ${kindColumn} LIKE 'decision\\_%' OR ${kindColumn} LIKE '%\\_notice' THEN 'decision' ELSE 'escalation' END`;

export function preferenceKind(kind: LedgerKind): NotificationKind {
  if (kind === 'reminder' || kind === 'check_in') return 'reminder';
  return kind.startsWith('decision_') || kind.endsWith('_notice') ? 'decision' : 'escalation';
}

/** true when the user has no preferences saved, or wants `ch.channel` for one of `kinds`. */
export const wantsChannelSql = (kinds: string) =>
  `COALESCE((SELECT bool_or(jsonb_exists(np.channels -> k, ch.channel)) FROM notification_preferences np
               CROSS JOIN unnest(${kinds}) AS k WHERE np.user_id = u.id), true)`;

export function deliveryWantedSql(kinds: string, officeRobot: boolean): string {
  return `(ch.channel = 'inbox'
        OR (${wantsChannelSql(kinds)}
            AND ((ch.channel = 'email' AND COALESCE(u.email, '') <> '')
              OR (ch.channel = 'webhook' AND CASE WHEN u.unit_id IS NULL THEN ${officeRobot ? 'true' : 'false'}
                                                 ELSE (SELECT EXISTS (SELECT 1 FROM unit_webhooks))
                                                      AND follow_up_robot_unit(u.unit_id) IS NOT NULL END))))`;
}
