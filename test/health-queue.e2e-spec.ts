import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { getQueueToken } from '@nestjs/bullmq';
import type { INestApplicationContext } from '@nestjs/common';
import type { Queue } from 'bullmq';
import { createWorkerApp } from '../src/bootstrap.js';
import { SWEEP_SCHEDULER_ID } from '../src/modules/follow-up/follow-up-worker.module.js';
import { JobName, QueueName } from '../src/queue/queue-names.js';
import { seedOrg, type Org } from './support/org.js';
import { waitFor } from './support/process.js';
import { startTestApp, type TestApp } from './support/test-app.js';

/**
 * /health's queue indicator and where the sweep schedule lives, with an API-only process and then
 * a worker process (in this test process) on the same database and Redis prefix.
 * HEALTH_QUEUE_MAX_WAIT_MS=0: any job waiting while no worker is attached counts as stuck, so
 * nothing here depends on how long anything takes.
 */
describe('GET /health: the follow-up queue, and the sweep scheduler by role', () => {
  let t: TestApp;
  let org: Org;
  let queue: Queue;
  let worker: INestApplicationContext | undefined;

  const health = async (status: number) => {
    const res = await t.http().get('/health');
    expect(res.status).toBe(status);
    return res.body as { status: string; details: Record<string, Record<string, unknown>> };
  };
  const schedulerIds = async () => (await queue.getJobSchedulers()).map((s) => s.key);

  beforeAll(async () => {
    t = await startTestApp({ role: 'api', env: { HEALTH_QUEUE_MAX_WAIT_MS: '0', FOLLOW_UP_SCHEDULE_ENABLED: 'true' } });
    org = await seedOrg(t);
    queue = t.app.get<Queue>(getQueueToken(QueueName.FollowUp));
  });
  afterAll(async () => {
    await worker?.close();
    await t.close();
  });

  it('an API-only process with nothing waiting is up, and reports no worker attached', async () => {
    const body = await health(200);
    expect(body.details.followUpQueue).toMatchObject({
      status: 'up',
      queue: QueueName.FollowUp,
      role: 'api',
      workers: 0,
      waiting: 0,
      failed: 0,
    });
    expect(body.details).toMatchObject({ database: { status: 'up' }, redis: { status: 'up' } });
  });

  it('the api role does not register the sweep scheduler, even with the schedule enabled', async () => {
    expect(await schedulerIds()).not.toContain(SWEEP_SCHEDULER_ID);
  });

  it('a job waiting with no worker attached anywhere: 503, the queue named down', async () => {
    const res = await t.as(org.users.office.token).post('/api/v1/follow-up/sweep');
    expect(res.status).toBe(202);
    const body = await health(503);
    expect(body.status).toBe('error');
    expect(body.details.followUpQueue).toMatchObject({ status: 'down', workers: 0, waiting: 1 });
    expect(body.details.followUpQueue.message).toEqual(expect.stringContaining('没有处理进程'));
    expect(body.details.database).toMatchObject({ status: 'up' });
  });

  it('a worker process attaches: up again with the worker counted, failed jobs counted, and the worker registered the scheduler', async () => {
    worker = await createWorkerApp({
      role: 'worker',
      env: { ...t.env, FOLLOW_UP_SCHEDULE_ENABLED: 'true', LOG_LEVEL: 'silent' },
    });
    await waitFor(async () => (await queue.getWorkersCount()) > 0, 30_000, 'the worker attached to the queue');
    expect(await schedulerIds()).toContain(SWEEP_SCHEDULER_ID);

    // A job its handler refuses (payload fails validation): failed at once, without retries.
    await queue.add(JobName.DeliverNotification, { deliveryId: 'not-a-uuid' }, { attempts: 1 });
    await waitFor(async () => (await queue.getFailedCount()) > 0, 30_000, 'the refused job failed');

    const body = await health(200);
    expect(body.details.followUpQueue).toMatchObject({ status: 'up', role: 'api', failed: 1 });
    expect(body.details.followUpQueue.workers).toBeGreaterThanOrEqual(1);
  });
});
