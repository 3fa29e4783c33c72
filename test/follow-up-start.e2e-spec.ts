import { getQueueToken } from '@nestjs/bullmq';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Queue } from 'bullmq';
import { FollowUpScheduler } from '../src/modules/follow-up/follow-up-worker.module.js';
import { QueueName } from '../src/queue/queue-names.js';
import { seedItems } from './support/items.js';
import { seedOrg } from './support/org.js';
import { startTestApp, type TestApp } from './support/test-app.js';

/** 16:30Z is 00:30 the next day in Asia/Shanghai. */
const NOW = '2026-07-05T16:30:00Z';

describe('follow-up: a fresh start sweeps at once, then on schedule', () => {
  let t: TestApp;

  beforeAll(async () => {
    // A daily schedule (a cron pattern, or a restart finding its interval scheduler already in Redis,
    // never runs at once): without a sweep at start, nothing would be escalated until its next run.
    t = await startTestApp({
      role: 'all',
      now: NOW,
      env: { FOLLOW_UP_SCHEDULE_ENABLED: 'true', FOLLOW_UP_SWEEP_CRON: '0 8 * * *', REPORTS_SCHEDULE_ENABLED: 'false' },
    });
  });
  afterAll(async () => {
    await t?.close();
  });

  it('runs one sweep right after start, and a second worker starting in the same minute adds none', async () => {
    const runs = async () =>
      (await t.dataSource.query(`SELECT count(*)::int AS n FROM follow_up_runs WHERE trigger = 'schedule'`))[0].n as number;
    // Wait (generously) for the start-up sweep: polling for a state, not asserting a duration.
    for (let i = 0; i < 300 && (await runs()) === 0; i++) await new Promise((r) => setTimeout(r, 100));
    expect(await runs()).toBe(1);

    // Another worker process starting now upserts the schedule and asks for the start-up sweep again.
    await t.app.get(FollowUpScheduler).onApplicationBootstrap();
    const queue = t.app.get<Queue>(getQueueToken(QueueName.FollowUp));
    const startJobs = (await queue.getJobs(['waiting', 'active', 'delayed', 'completed', 'failed'])).filter((j) =>
      j.id?.startsWith('sweep-start-'),
    );
    expect(startJobs).toHaveLength(1);

    // The start-up sweep found an empty database; items that arrive are swept on the schedule (or via the API).
    const org = await seedOrg(t);
    await seedItems(t.dataSource, [{ title: 'late', unitId: org.units.a, ownerId: org.users.staffA.id, deadline: '2026-06-01' }]);
    const res = await t.as(org.users.office.token).post('/api/v1/follow-up/sweep?wait=true');
    expect(res.status).toBe(200);
    expect(await runs()).toBe(1);
  });
});
