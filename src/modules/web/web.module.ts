import { Module } from '@nestjs/common';
import { SessionController } from './session.controller.js';
import { WebPages } from './web-pages.js';

/** The web pages (the Vue bundle built from web/) for every role, and their cookie sessions. */
@Module({
  controllers: [SessionController],
  providers: [WebPages],
})
export class WebModule {}
