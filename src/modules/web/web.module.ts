import { Module } from '@nestjs/common';
import { UsersModule } from '../users/users.module.js';
import { SessionController } from './session.controller.js';
import { WebPages } from './web-pages.js';

/** The web pages for unit users, the office and leadership, and their cookie sessions. */
@Module({
  imports: [UsersModule],
  controllers: [SessionController],
  providers: [WebPages],
})
export class WebModule {}
