import { type INestApplication, RequestMethod } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import type { NextFunction, Request, Response } from 'express';
import helmet from 'helmet';
import { Logger } from 'nestjs-pino';
import { AppModule, type AppOptions } from './app.module.js';
import { SecurityEventsService } from './modules/security/security-events.service.js';
import { trustedProxies, type EnvironmentVariables } from './config/env.validation.js';

export const API_PREFIX = 'api/v1';

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
  app.setGlobalPrefix(API_PREFIX, { exclude: [{ path: 'health', method: RequestMethod.GET }] });
  const doc = new DocumentBuilder()
    .setTitle('Rectify 整改跟踪督办系统 API')
    .setDescription('巡视巡察整改跟踪督办：上级巡视 → 反馈问题 → 整改措施 → 巡察发现问题 → 整改事项')
    .setVersion('1')
    .addBearerAuth()
    .build();
  SwaggerModule.setup('api/docs', app, () => SwaggerModule.createDocument(app, doc), { jsonDocumentUrl: 'api/docs-json' });
}

/** The API (with workers when the role is `all`). */
export async function createApiApp(options: AppOptions): Promise<NestExpressApplication> {
  const app = await NestFactory.create<NestExpressApplication>(AppModule.register(options), { bufferLogs: true });
  app.useLogger(app.get(Logger));
  configureHttp(app);
  return app;
}

/** A worker: the same modules, no HTTP. */
export async function createWorkerApp(options: AppOptions) {
  const app = await NestFactory.createApplicationContext(AppModule.register(options), { bufferLogs: true });
  app.useLogger(app.get(Logger));
  return app;
}
