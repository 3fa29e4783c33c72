import { Module } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { MulterModule } from '@nestjs/platform-express';
import { memoryStorage } from 'multer';
import type { EnvironmentVariables } from '../../config/env.validation.js';
import { FollowUpModule } from '../follow-up/follow-up.module.js';
import { ClosureFormService } from './closure-form.service.js';
import { EvidenceService } from './evidence.service.js';
import { ExtensionsService } from './extensions.service.js';
import { ItemAccess } from './item-access.service.js';
import { EvidenceController, ExtensionsController, ItemsController } from './rectification.controller.js';
import { RectificationService } from './rectification.service.js';
import { RectificationItemsRepository } from './rectification-items.repository.js';

/**
 * Multer for evidence-like uploads (evidence, a unit report's attachments): they stay in memory,
 * bounded by UPLOAD_MAX_BYTES, until every check passed, so a refused upload leaves nothing on
 * disk; utf8 so Chinese file names arrive intact. Multer's options are per module: each module
 * taking such uploads imports this.
 */
export function evidenceUploads() {
  return MulterModule.registerAsync({
    inject: [ConfigService],
    useFactory: (config: ConfigService<EnvironmentVariables, true>) => ({
      storage: memoryStorage(),
      defParamCharset: 'utf8',
      limits: { fileSize: config.get('UPLOAD_MAX_BYTES', { infer: true }), files: 1, fields: 10, parts: 11 },
    }),
  });
}

/** Rectification items (整改事项): lifecycle, progress, evidence, extensions, trace and history. */
@Module({
  imports: [
    // Decisions on an item notify the unit through the follow-up ledger, in the decision's transaction.
    FollowUpModule,
    evidenceUploads(),
  ],
  controllers: [ItemsController, EvidenceController, ExtensionsController],
  providers: [RectificationItemsRepository, ItemAccess, RectificationService, EvidenceService, ExtensionsService, ClosureFormService],
  exports: [RectificationItemsRepository, ItemAccess, RectificationService, EvidenceService],
})
export class RectificationModule {}
