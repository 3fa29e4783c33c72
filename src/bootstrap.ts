import { type INestApplication, RequestMethod } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, type OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import type { NextFunction, Request, Response } from 'express';
import helmet from 'helmet';
import { Logger } from 'nestjs-pino';
import { AppModule, type AppOptions } from './app.module.js';
import { SESSION_COOKIE } from './modules/auth/token.js';
import pluginMetadata from './metadata.js';
import { completeOperations, ErrorResponseDto } from './common/openapi.js';
import { SecurityEventsService } from './modules/security/security-events.service.js';
import { trustedProxies, type EnvironmentVariables } from './config/env.validation.js';

export const API_PREFIX = 'api/v1';
/** /health stays outside the API prefix (probes). */
export const HEALTH_ROUTE = { path: 'health', method: RequestMethod.GET };

/**
 * One policy for every response: the API's JSON, /health, the docs, the queue board and the pages.
 * Scripts only from this origin (no inline script anywhere; Swagger UI loads its init script as a
 * file), inline styles allowed (ECharts, Swagger UI and the board set them), never framed.
 */
export const CONTENT_SECURITY_POLICY = {
  defaultSrc: ["'self'"],
  scriptSrc: ["'self'"],
  styleSrc: ["'self'", "'unsafe-inline'"],
  imgSrc: ["'self'", 'data:', 'blob:'],
  connectSrc: ["'self'"],
  fontSrc: ["'self'", 'data:'],
  frameAncestors: ["'none'"],
  baseUri: ["'self'"],
  formAction: ["'self'"],
  objectSrc: ["'none'"],
};

/** HTTP concerns shared by `main.ts` and the tests, so tests exercise the real app. */
export function configureHttp(app: INestApplication): void {
  const express = app as NestExpressApplication;
  const config = app.get<ConfigService<EnvironmentVariables, true>>(ConfigService);
  // Only a named proxy's X-Forwarded-For is believed; otherwise the client is the socket's peer.
  const proxies = config.get('TRUST_PROXY', { infer: true });
  express.set('trust proxy', proxies ? trustedProxies(proxies) : false);
  express.disable('x-powered-by');
  express.use(
    helmet({
      contentSecurityPolicy: { useDefaults: false, directives: CONTENT_SECURITY_POLICY },
      frameguard: { action: 'deny' },
      referrerPolicy: { policy: 'same-origin' },
      // Plain HTTP inside a bureau's network is common; HSTS is the TLS-terminating proxy's call.
      strictTransportSecurity: false,
    }),
  );
  // Refusals are recorded once the response has gone (outside any transaction of the request).
  const securityEvents = app.get(SecurityEventsService);
  express.use((req: Request, res: Response, next: NextFunction) => {
    res.once('finish', () => securityEvents.observe(req, res));
    next();
  });
  app.setGlobalPrefix(API_PREFIX, { exclude: [HEALTH_ROUTE] });
  SwaggerModule.setup('api/docs', app, () => buildOpenApiDocument(app), { jsonDocumentUrl: 'api/docs-json' });
}

/**
 * The OpenAPI document, built from the modules' metadata alone (no provider runs), so `npm run
 * openapi` can build it from an app created with `preview: true` — no database, no Redis. Schemas the
 * decorators do not spell out come from the Swagger plugin's metadata (`src/metadata.ts`, generated),
 * loaded once by `loadOpenApiMetadata` before the document is built.
 */
export function buildOpenApiDocument(app: INestApplication): OpenAPIObject {
  const config = new DocumentBuilder()
    .setTitle('Rectify 整改跟踪督办系统 API')
    .setDescription(
      '巡视巡察整改跟踪督办：上级巡视 → 反馈问题 → 整改措施 → 巡察发现问题 → 整改事项。' +
        '错误一律为 ErrorResponse（statusCode、code、message、details?）。',
    )
    .setVersion('1')
    .setLicense('UNLICENSED', 'https://choosealicense.com/no-permission/')
    .addServer('/', '本服务（接口前缀 /api/v1）')
    .addBearerAuth()
    .addCookieAuth(
      SESSION_COOKIE,
      { type: 'apiKey', in: 'cookie', name: SESSION_COOKIE, description: '网页会话（写操作另需 x-csrf-token 头）' },
      'cookie',
    )
    .build();
  const doc = SwaggerModule.createDocument(app, config, {
    extraModels: [ErrorResponseDto],
    operationIdFactory: (controller, method) => `${controller.replace(/Controller$/, '')}_${method}`,
  });
  return completeOperations(doc);
}

/** The Swagger plugin's metadata (`npm run openapi` regenerates it from the TypeScript types). */
export async function loadOpenApiMetadata(): Promise<void> {
  await SwaggerModule.loadPluginMetadata(pluginMetadata);
}

/** The API (with workers when the role is `all`). */
export async function createApiApp(options: AppOptions): Promise<NestExpressApplication> {
  const app = await NestFactory.create<NestExpressApplication>(AppModule.register(options), { bufferLogs: true });
  app.useLogger(app.get(Logger));
  await loadOpenApiMetadata();
  configureHttp(app);
  return app;
}

/** A worker: the same modules, no HTTP. */
export async function createWorkerApp(options: AppOptions) {
  const app = await NestFactory.createApplicationContext(AppModule.register(options), { bufferLogs: true });
  app.useLogger(app.get(Logger));
  return app;
}
