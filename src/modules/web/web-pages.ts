import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Express, NextFunction, Request, Response } from 'express';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DataSource } from 'typeorm';
import type { Role } from '../../common/roles.js';
import { ScopeService } from '../scope/scope.service.js';
import { AuthService } from '../auth/auth.service.js';
import { tokenFrom } from '../auth/token.js';
import { UsersService } from '../users/users.service.js';
import { errorPage, homeOf, renderPage, type PageUser } from './layout.js';
import { safeNextPath } from './next-path.js';
import {
  DASHBOARD_BODY,
  EXTENSIONS_BODY,
  IMPORT_BODY,
  INBOX_BODY,
  ITEM_BODY,
  ITEMS_BODY,
  LOGIN_BODY,
  OVERDUE_BODY,
  REVIEW_BODY,
} from './views.js';

/** src/web/public when run from source (tests), dist/src/web/public when built. */
export const PUBLIC_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'web', 'public');
const ECHARTS_FILE = createRequire(import.meta.url).resolve('echarts/dist/echarts.min.js');

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const ALL: readonly Role[] = ['admin', 'office', 'leadership', 'inspector', 'unit_manager', 'unit_staff'];

interface PageDef {
  path: string;
  title: string;
  body: string;
  script: string;
  roles: readonly Role[];
  charts?: boolean;
}

const PAGES: PageDef[] = [
  { path: '/items', title: '整改事项', body: ITEMS_BODY, script: 'items', roles: ALL },
  { path: '/inbox', title: '通知', body: INBOX_BODY, script: 'inbox', roles: ALL },
  { path: '/office/overdue', title: '逾期督办', body: OVERDUE_BODY, script: 'overdue', roles: ['office', 'leadership', 'admin'] },
  { path: '/office/review', title: '销号审核', body: REVIEW_BODY, script: 'review', roles: ['office'] },
  { path: '/office/extensions', title: '延期审批', body: EXTENSIONS_BODY, script: 'extensions', roles: ['office'] },
  { path: '/office/import', title: '导入与台账', body: IMPORT_BODY, script: 'import', roles: ['office', 'admin'] },
  { path: '/dashboard', title: '领导看板', body: DASHBOARD_BODY, script: 'dashboard', roles: ALL, charts: true },
];

/** Scripts and styles only from this origin; no framing; ECharts sets inline styles. */
const SECURITY_HEADERS: Record<string, string> = {
  'Content-Security-Policy':
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; connect-src 'self'; " +
    "frame-ancestors 'none'; base-uri 'self'; form-action 'self'; object-src 'none'",
  'X-Content-Type-Options': 'nosniff',
  'X-Frame-Options': 'DENY',
  'Referrer-Policy': 'same-origin',
};

/**
 * The web pages (Simplified Chinese), mounted on Express directly like the queue board: outside
 * /api/v1, so page paths (/items, /items/:id …) do not collide with the API's routes. Each page is
 * a server-rendered shell (layout, navigation for the role, forms) whose module script fills it
 * from /api/v1 with the session cookie. A page needs a valid session (else redirect to /login),
 * the right role (else 403 page), and /items/:id an item inside the caller's scope (else a 404
 * page with status 404, exactly as the API answers).
 */
@Injectable()
export class WebPages implements OnModuleInit {
  private readonly logger = new Logger('WebPages');

  constructor(
    private readonly adapterHost: HttpAdapterHost,
    private readonly auth: AuthService,
    private readonly users: UsersService,
    private readonly scope: ScopeService,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  onModuleInit(): void {
    const http = this.adapterHost.httpAdapter;
    if (!http) return; // a worker has no HTTP server
    if (!existsSync(PUBLIC_DIR)) this.logger.warn(`web assets not found at ${PUBLIC_DIR}`);
    const app = http.getInstance<Express>();
    const wrap = (fn: (req: Request, res: Response) => Promise<void> | void) => (req: Request, res: Response, next: NextFunction) => {
      Promise.resolve(fn(req, res)).catch(next);
    };

    app.get('/assets/vendor/echarts.min.js', (_req: Request, res: Response) => {
      res.sendFile(ECHARTS_FILE, { maxAge: '1d', headers: { 'Content-Type': 'text/javascript; charset=utf-8' } });
    });
    app.get('/assets/*file', (req: Request, res: Response, next: NextFunction) => {
      const parts = (req.params as { file?: string[] }).file ?? [];
      if (parts.some((p) => p === '..' || p.startsWith('.'))) return void res.status(404).end();
      res.sendFile(parts.join('/'), { root: PUBLIC_DIR, maxAge: '10m', dotfiles: 'deny' }, (err) => {
        if (err && !res.headersSent) res.status(404).type('text/plain').send('未找到');
        else if (err) next(err);
      });
    });

    app.get(
      '/login',
      wrap(async (req, res) => {
        const user = await this.sessionUser(req);
        // A user whose password an admin reset stays here: the page asks for a new one first.
        if (user && !user.mustChangePassword) {
          return void res.redirect(303, safeNextPath(req.query.next, `${req.protocol}://${req.get('host')}`) ?? homeOf(user.role));
        }
        this.send(res, 200, renderPage({ title: '登录', body: LOGIN_BODY, script: 'login', path: '/login' }));
      }),
    );
    app.get(
      '/',
      wrap(async (req, res) => {
        const user = await this.sessionUser(req);
        res.redirect(303, user ? homeOf(user.role) : '/login');
      }),
    );
    for (const page of PAGES) {
      app.get(
        page.path,
        wrap(async (req, res) => {
          const user = await this.pageUser(req, res, page.roles);
          if (!user) return;
          this.send(res, 200, this.render(page, user, req.path));
        }),
      );
    }
    app.get(
      '/items/:id',
      wrap(async (req, res) => {
        const user = await this.pageUser(req, res, ALL);
        if (!user) return;
        const id = String(req.params.id);
        if (!(await this.itemVisible(user, id))) return void this.send(res, 404, errorPage(404, user));
        this.send(res, 200, renderPage({ title: '整改事项详情', body: ITEM_BODY, script: 'item', user, path: '/items' }));
      }),
    );
  }

  private render(page: PageDef, user: PageUser, path: string): string {
    return renderPage({
      title: page.title,
      body: page.body,
      script: page.script,
      user,
      path,
      scripts: page.charts ? ['/assets/vendor/echarts.min.js'] : [],
    });
  }

  private send(res: Response, status: number, html: string): void {
    res
      .status(status)
      .set({ ...SECURITY_HEADERS, 'Cache-Control': 'no-store' })
      .type('html')
      .send(html);
  }

  /** The signed-in user or, having answered with a redirect / 403 page, null. */
  private async pageUser(req: Request, res: Response, roles: readonly Role[]): Promise<PageUser | null> {
    const user = await this.sessionUser(req);
    if (!user) {
      res.redirect(303, `/login?next=${encodeURIComponent(req.originalUrl)}`);
      return null;
    }
    if (user.mustChangePassword) {
      res.redirect(303, `/login?change=1&next=${encodeURIComponent(req.originalUrl)}`);
      return null;
    }
    if (!roles.includes(user.role)) {
      this.send(res, 403, errorPage(403, user));
      return null;
    }
    return user;
  }

  /** The same check as the API guard: a valid token of an active user. */
  private async sessionUser(req: Request): Promise<(PageUser & { mustChangePassword: boolean }) | null> {
    const user = await this.auth.userFromToken(tokenFrom(req));
    if (!user) return null;
    const pub = await this.users.getPublic(user.id);
    return {
      id: user.id,
      username: user.username,
      displayName: user.displayName || user.username,
      role: user.role,
      unitId: user.unitId,
      unitName: pub.unit?.name ?? null,
      mustChangePassword: user.mustChangePassword,
    };
  }

  /** Missing and out of scope look the same (404), as in the API. */
  private async itemVisible(user: PageUser, id: string): Promise<boolean> {
    if (!UUID.test(id)) return false;
    const rows: { unit: string }[] = await this.dataSource.query(
      'SELECT responsible_unit_id AS unit FROM rectification_items WHERE id = $1',
      [id],
    );
    if (rows.length === 0) return false;
    const scope = await this.scope.resolve({ id: user.id, username: user.username, role: user.role, unitId: user.unitId });
    return ScopeService.includes(scope, rows[0].unit);
  }
}
