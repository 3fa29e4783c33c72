import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Express, NextFunction, Request, Response } from 'express';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DataSource } from 'typeorm';
import type { Role } from '../../common/roles.js';
import { ScopeService } from '../scope/scope.service.js';
import { AuthService } from '../auth/auth.service.js';
import { tokenFrom } from '../auth/token.js';
import { safeNextPath } from './next-path.js';
import { homeOf, PAGE_ROUTES } from './page-routes.js';

/** The project root: the nearest folder up from this file with a package.json (src/… in tests, dist/src/… built). */
function projectRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'package.json')) && dirname(dir) !== dir) dir = dirname(dir);
  return dir;
}

/** What `vite build` (web/vite.config.ts) writes: index.html, hashed assets, the favicon. */
export const WEB_DIR = join(projectRoot(), 'web', 'dist');

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** Paths that belong to the API, its docs, the queue board and health: never the pages' fallback. */
const NOT_PAGES = /^\/(api|admin\/queues|health)(\/|$)/;

/**
 * The pages' policy: scripts and style sheets only from this origin, no inline script and no
 * inline `<style>` element; only style *attributes* are allowed (`style-src-attr`), because Element
 * Plus and ECharts position popups, tooltips and table columns with them. Evidence previews are
 * framed from `blob:` URLs the page makes itself; the pages are never framed.
 */
export const PAGE_CSP =
  "default-src 'self'; script-src 'self'; style-src 'self'; style-src-elem 'self'; style-src-attr 'unsafe-inline'; img-src 'self' data: blob:; font-src 'self' data:; connect-src 'self'; " +
  "frame-src 'self' blob:; frame-ancestors 'none'; base-uri 'self'; form-action 'self'; object-src 'none'";

const SECURITY_HEADERS: Record<string, string> = {
  'Content-Security-Policy': PAGE_CSP,
  'X-Content-Type-Options': 'nosniff',
  'X-Frame-Options': 'DENY',
  'Referrer-Policy': 'same-origin',
};

interface SessionUser {
  id: string;
  username: string;
  role: Role;
  unitId: string | null;
  mustChangePassword: boolean;
}

/**
 * Serves the pages (the Vue bundle under web/dist, built from web/) on Express directly, like the
 * queue board: outside /api/v1. Every page path answers the same index.html, after the same gates
 * as before: a page needs a session (else 303 to /login?next=…), the right role (else status 403,
 * the bundle shows its 403 view), and /items/:id an item inside the caller's scope (else status
 * 404, exactly as the API answers). Any other path answers 404 with the bundle's Chinese 404 view.
 */
@Injectable()
export class WebPages implements OnModuleInit {
  private readonly logger = new Logger('WebPages');
  private indexHtml: string | null = null;

  constructor(
    private readonly adapterHost: HttpAdapterHost,
    private readonly auth: AuthService,
    private readonly scope: ScopeService,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  onModuleInit(): void {
    const http = this.adapterHost.httpAdapter;
    if (!http) return; // a worker has no HTTP server
    const indexFile = join(WEB_DIR, 'index.html');
    if (existsSync(indexFile)) this.indexHtml = readFileSync(indexFile, 'utf8');
    else this.logger.warn(`web pages not built (${indexFile} missing): run npm run build`);
    const app = http.getInstance<Express>();
    const wrap = (fn: (req: Request, res: Response) => Promise<void> | void) => (req: Request, res: Response, next: NextFunction) => {
      Promise.resolve(fn(req, res)).catch(next);
    };

    // Hashed file names: cache for a year.
    app.get('/assets/*file', (req: Request, res: Response, next: NextFunction) => {
      const parts = (req.params as { file?: string[] }).file ?? [];
      if (parts.some((p) => p === '..' || p.startsWith('.'))) return void res.status(404).end();
      res.sendFile(parts.join('/'), { root: join(WEB_DIR, 'assets'), maxAge: '365d', immutable: true, dotfiles: 'deny' }, (err) => {
        if (err && !res.headersSent) res.status(404).type('text/plain').send('未找到');
        else if (err) next(err);
      });
    });
    app.get(['/favicon.svg', '/favicon.ico'], (_req: Request, res: Response) => {
      res.sendFile('favicon.svg', { root: WEB_DIR, maxAge: '1d', headers: { 'Content-Type': 'image/svg+xml' } }, () => undefined);
    });

    app.get(
      '/login',
      wrap(async (req, res) => {
        const user = await this.sessionUser(req);
        // A user whose password an admin reset stays here: the page asks for a new one first.
        if (user && !user.mustChangePassword) {
          return void res.redirect(303, safeNextPath(req.query.next, `${req.protocol}://${req.get('host')}`) ?? homeOf(user.role));
        }
        this.send(res, 200);
      }),
    );
    app.get(
      '/',
      wrap(async (req, res) => {
        const user = await this.sessionUser(req);
        res.redirect(303, user ? homeOf(user.role) : '/login');
      }),
    );
    for (const page of Object.values(PAGE_ROUTES)) {
      if (page.path === PAGE_ROUTES.item.path) continue; // below, with the scope check
      app.get(
        page.path,
        wrap(async (req, res) => {
          const user = await this.pageUser(req, res);
          if (!user) return;
          this.send(res, (page.roles as readonly Role[]).includes(user.role) ? 200 : 403);
        }),
      );
    }
    app.get(
      '/items/:id',
      wrap(async (req, res) => {
        const user = await this.pageUser(req, res);
        if (!user) return;
        this.send(res, (await this.itemVisible(user, String(req.params.id))) ? 200 : 404);
      }),
    );
    // Everything else a browser asks for as a page: the Chinese 404 view, with status 404.
    app.get('/*path', (req: Request, res: Response, next: NextFunction) => {
      if (NOT_PAGES.test(req.path) || !req.accepts('html')) return next();
      this.send(res, 404);
    });
  }

  private send(res: Response, status: number): void {
    res.status(this.indexHtml ? status : 503).set({ ...SECURITY_HEADERS, 'Cache-Control': 'no-store' });
    if (this.indexHtml) res.type('html').send(this.indexHtml);
    else res.type('text/plain').send('页面尚未构建，请先运行 npm run build');
  }

  /** The signed-in user or, having answered with a redirect, null. */
  private async pageUser(req: Request, res: Response): Promise<SessionUser | null> {
    const user = await this.sessionUser(req);
    if (!user) {
      res.redirect(303, `/login?next=${encodeURIComponent(req.originalUrl)}`);
      return null;
    }
    if (user.mustChangePassword) {
      res.redirect(303, `/login?change=1&next=${encodeURIComponent(req.originalUrl)}`);
      return null;
    }
    return user;
  }

  /** The same check as the API guard: a valid token of an active user. */
  private async sessionUser(req: Request): Promise<SessionUser | null> {
    const user = await this.auth.userFromToken(tokenFrom(req));
    if (!user) return null;
    return { id: user.id, username: user.username, role: user.role, unitId: user.unitId, mustChangePassword: user.mustChangePassword };
  }

  /** Missing and out of scope look the same (404), as in the API. */
  private async itemVisible(user: SessionUser, id: string): Promise<boolean> {
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
