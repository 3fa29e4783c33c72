import { Module } from '@nestjs/common';
import { FollowUpModule } from '../follow-up/follow-up.module.js';
import { UsersController } from './users.controller.js';
import { UsersService } from './users.service.js';

@Module({ imports: [FollowUpModule], controllers: [UsersController], providers: [UsersService], exports: [UsersService] })
export class UsersModule {}
