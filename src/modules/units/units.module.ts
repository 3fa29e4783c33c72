import { Module } from '@nestjs/common';
import { FollowUpModule } from '../follow-up/follow-up.module.js';
import { UnitsController } from './units.controller.js';
import { UnitsService } from './units.service.js';

@Module({ imports: [FollowUpModule], controllers: [UnitsController], providers: [UnitsService], exports: [UnitsService] })
export class UnitsModule {}
