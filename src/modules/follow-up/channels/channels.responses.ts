/* Response bodies of this module's operations, as the OpenAPI document declares them (the Swagger
 * plugin reads the property types; see src/metadata.ts). Controllers declare them as return types. */

export class UnitWebhookResponseDto {
  unitId: string;
  url: string;
  style: 'dingtalk' | 'wecom' | 'generic';
  hasSecret: boolean;
  updatedAt: Date;
}

export class PreferencesDto {
  reminder: ('inbox' | 'email' | 'webhook')[];
  escalation: ('inbox' | 'email' | 'webhook')[];
  decision: ('inbox' | 'email' | 'webhook')[];
  bulletin: ('inbox' | 'email' | 'webhook')[];
}
