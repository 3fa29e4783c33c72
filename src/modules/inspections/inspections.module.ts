import { Module } from '@nestjs/common';
import { FollowUpModule } from '../follow-up/follow-up.module.js';
import { InspectionsController } from './inspections.controller.js';
import { InspectionsService } from './inspections.service.js';

@Module({ imports: [FollowUpModule], controllers: [InspectionsController], providers: [InspectionsService], exports: [InspectionsService] })
export class InspectionsModule {}
