import 'reflect-metadata';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { NestFactory } from '@nestjs/core';
import { AppModule } from '../app.module.js';
import { API_PREFIX, buildOpenApiDocument, HEALTH_ROUTE, loadOpenApiMetadata } from '../bootstrap.js';

/*
 * `npm run openapi`: writes the OpenAPI document to openapi/openapi.json (or the path given) without
 * starting anything. The app is created in preview mode: modules and routes are read, no provider
 * is instantiated, so no database, Redis or queue is needed.
 */

async function main(): Promise<void> {
  const out = resolve(process.argv[2] ?? 'openapi/openapi.json');
  const app = await NestFactory.create(
    AppModule.register({
      role: 'api',
      // Only to satisfy the env schema; preview mode never connects.
      env: {
        NODE_ENV: 'development',
        DATABASE_URL: 'postgres://preview@127.0.0.1/preview',
        REDIS_URL: 'redis://127.0.0.1:6379',
        JWT_SECRET: 'preview-only-not-a-secret',
      },
    }),
    { preview: true, logger: false, abortOnError: false },
  );
  app.setGlobalPrefix(API_PREFIX, { exclude: [HEALTH_ROUTE] });
  await loadOpenApiMetadata();
  const doc = buildOpenApiDocument(app);
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, `${JSON.stringify(doc, null, 2)}\n`);
  process.stdout.write(`${out}: ${Object.values(doc.paths).reduce((n, p) => n + Object.keys(p).length, 0)} operations\n`);
  await app.close();
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
