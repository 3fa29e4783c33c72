import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  ArrayContains,
  ArrayMaxSize,
  ArrayUnique,
  IsArray,
  IsIn,
  IsOptional,
  IsString,
  IsUrl,
  MaxLength,
  MinLength,
} from 'class-validator';
import { Trim } from '../../../common/validators.js';
import { CHANNELS, type Channel } from '../follow-up.entities.js';
import { WEBHOOK_STYLES, type WebhookStyle } from './channel-settings.entities.js';

export class UnitWebhookDto {
  @ApiProperty({ description: '群机器人地址（http 或 https；企业微信的 key 在地址中 ?key=）', maxLength: 2000 })
  @Trim()
  @IsString()
  @MaxLength(2000)
  @IsUrl(
    { protocols: ['http', 'https'], require_protocol: true, require_tld: false, require_host: true },
    { message: 'url 须为 http:// 或 https:// 地址' },
  )
  url: string;

  @ApiPropertyOptional({
    description: '钉钉加签密钥（SEC…）或通用格式的签名密钥；省略则保留已保存的密钥，null 则删除。永不返回',
    type: String,
    nullable: true,
    minLength: 8,
    maxLength: 200,
  })
  @IsOptional()
  @IsString()
  @MinLength(8)
  @MaxLength(200)
  secret?: string | null;

  @ApiProperty({ enum: WEBHOOK_STYLES })
  @IsIn(WEBHOOK_STYLES)
  style: WebhookStyle;
}

const channelList = (kind: string) => {
  const decorators = [
    IsArray(),
    ArrayUnique(),
    ArrayMaxSize(CHANNELS.length),
    IsIn(CHANNELS, { each: true, message: `${kind} 的渠道只能是 ${CHANNELS.join('、')}` }),
    ArrayContains(['inbox'], { message: `站内信不可关闭：${kind} 必须包含 inbox` }),
  ];
  return (target: object, key: string) => decorators.forEach((d) => d(target, key));
};

/** Channels per kind of notification; the inbox is always on (it is the ledger's record). */
export class NotificationPreferencesDto {
  @ApiProperty({ enum: CHANNELS, isArray: true, description: '临期提醒与长期整改调度' })
  @channelList('reminder')
  reminder: Channel[];

  @ApiProperty({ enum: CHANNELS, isArray: true, description: '逾期催办、督办、约谈' })
  @channelList('escalation')
  escalation: Channel[];

  @ApiProperty({ enum: CHANNELS, isArray: true, description: '退回、销号、延期等决定' })
  @channelList('decision')
  decision: Channel[];

  @ApiProperty({ enum: CHANNELS, isArray: true, description: '整改进展通报' })
  @channelList('bulletin')
  bulletin: Channel[];
}
