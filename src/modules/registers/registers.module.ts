import { Module } from '@nestjs/common';
import { FollowUpModule } from '../follow-up/follow-up.module.js';
import { RegistersController } from './registers.controller.js';
import { RegisterReadersGuard } from './register-readers.guard.js';
import { RegistersService } from './registers.service.js';

/** The office's registers that units never see: 问题线索, 约谈, 问责. */
@Module({
  imports: [FollowUpModule],
  controllers: [RegistersController],
  providers: [RegistersService, RegisterReadersGuard],
})
export class RegistersModule {}
