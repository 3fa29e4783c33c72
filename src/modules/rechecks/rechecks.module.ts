import { Module } from '@nestjs/common';
import { FollowUpModule } from '../follow-up/follow-up.module.js';
import { RectificationModule } from '../rectification/rectification.module.js';
import { RechecksController } from './rechecks.controller.js';
import { RechecksService } from './rechecks.service.js';

/** 回头看: closed items revisited; a rebound reopens its item. */
@Module({
  imports: [RectificationModule, FollowUpModule],
  controllers: [RechecksController],
  providers: [RechecksService],
})
export class RechecksModule {}
