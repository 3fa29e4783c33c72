import { Module } from '@nestjs/common';
import { CalendarService } from './calendar.service.js';
import { ChaseService } from './chase.service.js';
import { ChannelSettingsController } from './channels/channel-settings.controller.js';
import { ChannelSettingsService } from './channels/channel-settings.service.js';
import { EmailChannel } from './channels/email.channel.js';
import { WebhookChannel } from './channels/webhook.channel.js';
import { DecisionNoticesService } from './decision-notices.service.js';
import { DeliveryService } from './delivery.service.js';
import {
  FollowUpController,
  ItemRemindersController,
  NotificationsController,
  SupervisionNoticesController,
} from './follow-up.controller.js';
import { FollowUpService } from './follow-up.service.js';
import { FollowUpMessagesService } from './messages.service.js';
import { NotificationsService } from './notifications.service.js';
import { PolicyService } from './policy.service.js';
import { QueueBoard } from './queue-board.js';
import { SweepService } from './sweep.service.js';

/**
 * Reminders, escalation (催办/督办), notification delivery. Processors live in FollowUpWorkerModule.
 * AuthService (the queue board's) comes from the global AuthModule: importing it (and through it
 * UsersModule) here would close a cycle, since UsersModule tells its decisions through this module.
 */
@Module({
  controllers: [
    FollowUpController,
    ItemRemindersController,
    NotificationsController,
    SupervisionNoticesController,
    ChannelSettingsController,
  ],
  providers: [
    PolicyService,
    CalendarService,
    SweepService,
    DeliveryService,
    EmailChannel,
    WebhookChannel,
    ChannelSettingsService,
    FollowUpService,
    NotificationsService,
    QueueBoard,
    ChaseService,
    FollowUpMessagesService,
    DecisionNoticesService,
  ],
  exports: [SweepService, DeliveryService, PolicyService, FollowUpMessagesService, DecisionNoticesService],
})
export class FollowUpModule {}
