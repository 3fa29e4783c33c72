import { Body, Controller, Delete, Get, HttpCode, Param, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { Actor } from '../../../common/actor.js';
import { CurrentActor, Roles } from '../../auth/auth.decorators.js';
import { UuidParam } from '../follow-up.dto.js';
import { NotificationPreferencesDto, UnitWebhookDto } from './channel-settings.dto.js';
import { ChannelSettingsService } from './channel-settings.service.js';

@ApiTags('通知 notifications')
@ApiBearerAuth()
@Controller()
export class ChannelSettingsController {
  constructor(private readonly settings: ChannelSettingsService) {}

  /** The unit's group robot: URL with tokens masked, style, `hasSecret`; the secret itself never. */
  @Get('units/:id/webhook')
  @Roles('admin', 'office')
  getWebhook(@Param() p: UuidParam) {
    return this.settings.getWebhook(p.id);
  }

  /** Set the unit's group robot; only this unit's items (and its sub-units' without a robot of their own) go there. */
  @Put('units/:id/webhook')
  @Roles('admin', 'office')
  putWebhook(@CurrentActor() actor: Actor, @Param() p: UuidParam, @Body() dto: UnitWebhookDto) {
    return this.settings.putWebhook(actor, p.id, dto);
  }

  @Delete('units/:id/webhook')
  @Roles('admin', 'office')
  @HttpCode(204)
  async deleteWebhook(@CurrentActor() actor: Actor, @Param() p: UuidParam) {
    await this.settings.deleteWebhook(actor, p.id);
  }

  @Get('me/notification-preferences')
  preferences(@CurrentActor() actor: Actor) {
    return this.settings.getPreferences(actor);
  }

  @Put('me/notification-preferences')
  putPreferences(@CurrentActor() actor: Actor, @Body() dto: NotificationPreferencesDto) {
    return this.settings.putPreferences(actor, dto);
  }
}
