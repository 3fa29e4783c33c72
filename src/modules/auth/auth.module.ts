import { Global, Module } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { JwtModule } from '@nestjs/jwt';
import { createSecretKey } from 'node:crypto';
import type { EnvironmentVariables } from '../../config/env.validation.js';
import { UsersModule } from '../users/users.module.js';
import { AuthController } from './auth.controller.js';
import { AuthGuard } from './auth.guard.js';
import { AuthService } from './auth.service.js';
import { LoginThrottleService } from './login-throttle.service.js';

@Global()
@Module({
  imports: [
    UsersModule,
    JwtModule.registerAsync({
      inject: [ConfigService],
      useFactory: (config: ConfigService<EnvironmentVariables, true>) => {
        // A key object made once: given the secret as a string, jsonwebtoken 9 first tries it as a
        // PEM public key on every verify (createPublicKey throws, then createSecretKey), which was
        // about a tenth of the CPU of a small authenticated request.
        const key = createSecretKey(Buffer.from(config.get('JWT_SECRET', { infer: true })));
        return {
          secretOrKeyProvider: () => key,
          signOptions: { expiresIn: config.get('JWT_EXPIRES_IN_SECONDS', { infer: true }) },
        };
      },
    }),
  ],
  controllers: [AuthController],
  providers: [AuthService, AuthGuard, LoginThrottleService],
  exports: [AuthGuard, JwtModule, AuthService],
})
export class AuthModule {}
