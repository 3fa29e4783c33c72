import { Body, Controller, Delete, Get, HttpCode, Param, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiTags, ApiOperation } from '@nestjs/swagger';
import type { PreferencesDto, UnitWebhookResponseDto } from './channels.responses.js';
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
  @ApiOperation({ summary: '单位的群机器人', description: '地址中的令牌已遮盖，含样式和 hasSecret；密钥本身从不返回。' })
  getWebhook(@Param() p: UuidParam): Promise<UnitWebhookResponseDto> {
    return this.settings.getWebhook(p.id);
  }

  /** Set the unit's group robot; only this unit's items (and its sub-units' without a robot of their own) go there. */
  @Put('units/:id/webhook')
  @Roles('admin', 'office')
  @ApiOperation({ summary: '设置单位的群机器人', description: '只有本单位的事项（以及没有自己机器人的下级单位的事项）发到这里。' })
  putWebhook(@CurrentActor() actor: Actor, @Param() p: UuidParam, @Body() dto: UnitWebhookDto): Promise<UnitWebhookResponseDto> {
    return this.settings.putWebhook(actor, p.id, dto);
  }

  @Delete('units/:id/webhook')
  @Roles('admin', 'office')
  @HttpCode(204)
  @ApiOperation({ summary: '删除单位的群机器人' })
  async deleteWebhook(@CurrentActor() actor: Actor, @Param() p: UuidParam) {
    await this.settings.deleteWebhook(actor, p.id);
  }

  @Get('me/notification-preferences')
  @ApiOperation({ summary: '我的通知偏好' })
  preferences(@CurrentActor() actor: Actor): Promise<PreferencesDto> {
    return this.settings.getPreferences(actor);
  }

  @Put('me/notification-preferences')
  @ApiOperation({ summary: '修改我的通知偏好' })
  putPreferences(@CurrentActor() actor: Actor, @Body() dto: NotificationPreferencesDto): Promise<PreferencesDto> {
    return this.settings.putPreferences(actor, dto);
  }
}
