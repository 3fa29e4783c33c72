import 'reflect-metadata';
import { createApiApp, createWorkerApp } from './bootstrap.js';
import { validateEnv } from './config/env.validation.js';

async function main(): Promise<void> {
  // Validate before anything connects, so a bad variable is reported by name and nothing else.
  const env = validateEnv(process.env);
  if (env.APP_ROLE === 'worker') {
    await createWorkerApp({ role: 'worker' });
    return;
  }
  const app = await createApiApp({ role: env.APP_ROLE });
  await app.listen(env.PORT);
}

main().catch((err: unknown) => {
  process.stderr.write(`Rectify failed to start: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
