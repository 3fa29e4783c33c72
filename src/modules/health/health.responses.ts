import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

/** One indicator's state (database, redis, followUpQueue) and what it reports beside it. */
const INDICATOR = {
  type: 'object',
  required: ['status'],
  properties: { status: { type: 'string', enum: ['up', 'down'] } },
  additionalProperties: true,
};

/** Terminus' answer: `details` every indicator, `info` those up, `error` those down. */
export class HealthResponseDto {
  @ApiProperty({ enum: ['ok', 'error', 'shutting_down'] })
  status: string;

  @ApiPropertyOptional({ type: 'object', additionalProperties: INDICATOR, nullable: true })
  info?: Record<string, unknown> | null;

  @ApiPropertyOptional({ type: 'object', additionalProperties: INDICATOR, nullable: true })
  error?: Record<string, unknown> | null;

  @ApiProperty({ type: 'object', additionalProperties: INDICATOR })
  details: Record<string, unknown>;
}
