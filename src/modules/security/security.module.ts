import { Module } from '@nestjs/common';
import { SecurityEventsController } from './security-events.controller.js';
import { SecurityEventsService } from './security-events.service.js';

/** Denied attempts (403, 404 on writes, 401 bursts, login lockouts) recorded for the admin. */
@Module({ controllers: [SecurityEventsController], providers: [SecurityEventsService], exports: [SecurityEventsService] })
export class SecurityModule {}
