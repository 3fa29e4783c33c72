import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { ExpressAdapter } from '@bull-board/express';
import { getQueueToken } from '@nestjs/bullmq';
import { Injectable, OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost, ModuleRef } from '@nestjs/core';
import type { Queue } from 'bullmq';
import type { Express, NextFunction, Request, Response } from 'express';
import { ErrorCode } from '../../common/errors.js';
import type { Role } from '../../common/roles.js';
import { CSRF_COOKIE, CSRF_HEADER, cookieValue, csrfSatisfied, tokenFrom } from '../auth/token.js';
import { AuthService } from '../auth/auth.service.js';
import { QueueName } from '../../queue/queue-names.js';

export const BOARD_PATH = '/admin/queues';
export const BOARD_ROLES: readonly Role[] = ['admin', 'office'];
const BOARD_XSRF_COOKIE = 'XSRF-TOKEN';
const BOARD_XSRF_HEADER = 'x-xsrf-token';

/**
 * Bull Board at /admin/queues (outside /api/v1), mounted on Express directly, so the global guard
 * does not see it: this middleware does the same check (token or cookie, active user) and allows
 * admin and office only. 401 without a valid token, 403 for other roles, and — like the API — 403
 * for a state-changing request (retry, clean, promote…) authenticated by the cookie without the
 * double-submit CSRF header.
 */
@Injectable()
export class QueueBoard implements OnModuleInit {
  constructor(
    private readonly adapterHost: HttpAdapterHost,
    private readonly moduleRef: ModuleRef,
    private readonly auth: AuthService,
  ) {}

  onModuleInit(): void {
    const http = this.adapterHost.httpAdapter;
    if (!http) return; // a worker has no HTTP server
    const serverAdapter = new ExpressAdapter();
    serverAdapter.setBasePath(BOARD_PATH);
    const queues = Object.values(QueueName).map(
      (name) => new BullMQAdapter(this.moduleRef.get<Queue>(getQueueToken(name), { strict: false }), { readOnlyMode: false }),
    );
    // @bull-board/express 9.10.1 carries its own copy of @bull-board/api: same shapes, separate declarations.
    createBullBoard({ queues, serverAdapter: serverAdapter as never, options: { uiConfig: { boardTitle: '整改督办队列' } } });
    // The board is an Express app of its own: it would announce itself with X-Powered-By.
    const board = serverAdapter.getRouter() as Express;
    board.disable('x-powered-by');
    http.getInstance().use(BOARD_PATH, (req: Request, res: Response, next: NextFunction) => void this.guard(req, res, next), board);
  }

  private async guard(req: Request, res: Response, next: NextFunction): Promise<void> {
    const deny = (status: number, code: ErrorCode, message: string) => res.status(status).json({ statusCode: status, code, message });
    try {
      const user = await this.auth.userFromToken(tokenFrom(req));
      if (!user) return void deny(401, ErrorCode.Unauthenticated, '未登录或登录已过期');
      if (!BOARD_ROLES.includes(user.role)) return void deny(403, ErrorCode.Forbidden, '当前角色无权执行此操作');
      if (user.mustChangePassword) return void deny(403, ErrorCode.PasswordChangeRequired, '管理员已重置您的密码，请先修改密码后再继续');
      // The board's UI (axios) echoes an XSRF-TOKEN cookie as X-XSRF-TOKEN: hand it the session's CSRF
      // value under that name (path-scoped to the board) and accept that header as the double submit.
      const xsrf = req.headers[BOARD_XSRF_HEADER];
      if (req.headers[CSRF_HEADER] === undefined && typeof xsrf === 'string') req.headers[CSRF_HEADER] = xsrf;
      if (!csrfSatisfied(req)) return void deny(403, ErrorCode.Forbidden, '请求缺少有效的 CSRF 令牌，请刷新页面后重试');
      const csrf = cookieValue(req, CSRF_COOKIE);
      if (csrf && !req.headers.authorization) {
        res.cookie(BOARD_XSRF_COOKIE, csrf, { path: BOARD_PATH, sameSite: 'strict', httpOnly: false, secure: req.secure });
      }
      next();
    } catch (err) {
      next(err);
    }
  }
}
