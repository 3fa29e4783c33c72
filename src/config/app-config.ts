import { ConfigService } from '@nestjs/config';
import { EnvironmentVariables } from './env.validation.js';

/** Typed access to the validated environment: `config.get('PORT', { infer: true })`. */
export type AppConfig = ConfigService<EnvironmentVariables, true>;
