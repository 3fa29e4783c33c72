import 'reflect-metadata';
import type { INestApplicationContext } from '@nestjs/common';
import { createApiApp, createWorkerApp } from './bootstrap.js';
import { validateEnv } from './config/env.validation.js';

async function main(): Promise<void> {
  // Validate before anything connects, so a bad variable is reported by name and nothing else.
  const env = validateEnv(process.env);
  if (env.APP_ROLE === 'worker') {
    closeOnSignal(await createWorkerApp({ role: 'worker' }));
    return;
  }
  const app = await createApiApp({ role: env.APP_ROLE });
  closeOnSignal(app);
  await app.listen(env.PORT);
}

/**
 * Graceful shutdown: stop accepting HTTP, let requests in flight finish, close the BullMQ
 * workers (they finish their current job) and the connections, then exit 0.
 */
function closeOnSignal(app: INestApplicationContext): void {
  let closing = false;
  const close = (signal: string) => {
    if (closing) return;
    closing = true;
    process.stderr.write(`Rectify: ${signal} received, shutting down\n`);
    const force = setTimeout(() => process.exit(1), 30_000);
    force.unref();
    app.close().then(
      () => process.exit(0),
      (err: unknown) => {
        process.stderr.write(`Rectify: error while shutting down: ${String(err)}\n`);
        process.exit(1);
      },
    );
  };
  process.once('SIGTERM', () => close('SIGTERM'));
  process.once('SIGINT', () => close('SIGINT'));
}

main().catch((err: unknown) => {
  process.stderr.write(`Rectify failed to start: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
