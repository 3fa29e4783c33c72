import { Module } from '@nestjs/common';
import { RegistersController } from './registers.controller.js';
import { RegisterReadersGuard } from './register-readers.guard.js';
import { RegistersService } from './registers.service.js';

/** The office's registers that units never see: 问题线索, 约谈, 问责. */
@Module({
  controllers: [RegistersController],
  providers: [RegistersService, RegisterReadersGuard],
})
export class RegistersModule {}
