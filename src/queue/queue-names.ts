/**
 * Every queue and every job, named in one place, each job with its payload type.
 * A worker refuses to start if some job here has no handler (see JobRegistryCheck).
 * Feature modules add their queues and jobs here, never as string literals elsewhere.
 */
export enum QueueName {}

export enum JobName {}

// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface JobPayloads {}

export const JOB_QUEUE: Record<JobName, QueueName> = {};

/** Retry policy as named constants: attempts with exponential backoff, bounded history. */
export const DEFAULT_JOB_OPTIONS = {
  attempts: 5,
  backoff: { type: 'exponential', delay: 2_000 },
  removeOnComplete: { age: 24 * 3600, count: 10_000 },
  removeOnFail: { age: 14 * 24 * 3600 },
} as const;
