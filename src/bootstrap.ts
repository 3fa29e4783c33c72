import { type INestApplication, RequestMethod } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { Logger } from 'nestjs-pino';
import { AppModule, type AppOptions } from './app.module.js';

export const API_PREFIX = 'api/v1';

/** HTTP concerns shared by `main.ts` and the tests, so tests exercise the real app. */
export function configureHttp(app: INestApplication): void {
  const express = app as NestExpressApplication;
  express.set('trust proxy', 'loopback');
  express.disable('x-powered-by');
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
