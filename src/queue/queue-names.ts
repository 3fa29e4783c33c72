/**
 * Every queue and every job, named in one place, each job with its payload type.
 * A worker refuses to start if some job here has no handler (see JobRegistryCheck).
 * Feature modules add their queues and jobs here, never as string literals elsewhere.
 */
export enum QueueName {
  FollowUp = 'follow-up',
  Reports = 'reports',
  Audit = 'audit',
}

export enum JobName {
  /** Select what crossed a reminder/escalation threshold, record it, enqueue deliveries. */
  FollowUpSweep = 'follow-up-sweep',
  /** Deliver one digest to one recipient over one channel. */
  DeliverNotification = 'deliver-notification',
  /** Store today's report figures per unit (trend lines read these). */
  ReportSnapshot = 'report-snapshot',
  /** Build, store and deliver the weekly progress bulletin (整改进展通报). */
  WeeklyBulletin = 'weekly-bulletin',
  /** Link the audit entries of ended transactions into the hash chain. */
  AuditSeal = 'audit-seal',
}

export interface JobPayloads {
  /** `asOf` (ISO instant) comes from the enqueuer's clock; absent for scheduled sweeps (worker clock). */
  [JobName.FollowUpSweep]: { runId?: string; asOf?: string };
  [JobName.DeliverNotification]: { deliveryId: string };
  [JobName.ReportSnapshot]: Record<string, never>;
  [JobName.WeeklyBulletin]: Record<string, never>;
  [JobName.AuditSeal]: Record<string, never>;
}

/** Retry policy as named constants: attempts with exponential backoff, bounded history. */
export const DEFAULT_JOB_OPTIONS = {
  attempts: 5,
  backoff: { type: 'exponential', delay: 2_000 },
  removeOnComplete: { age: 24 * 3600, count: 10_000 },
  removeOnFail: { age: 14 * 24 * 3600 },
} as const;
