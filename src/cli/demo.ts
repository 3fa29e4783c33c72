import 'reflect-metadata';
import { createApiApp } from '../bootstrap.js';
import { calendarDateIn } from '../common/dates.js';
import { ROLE_LABELS, type Role } from '../common/roles.js';
import { ITEM_STATUS_LABELS, type ItemStatus } from '../modules/rectification/item-lifecycle.js';
import { demoPostgres, demoRedis, freePort } from './demo-services.js';
import { DEMO_PASSWORD, seedDemoScenario } from './demo-scenario.js';

/* `npm run demo`: the whole system on this machine with demo data, in one command. */

const log = (s: string) => process.stdout.write(`${s}\n`);

async function main(): Promise<void> {
  const database = await demoPostgres(log);
  const redis = await demoRedis(log);
  const port = process.env.PORT ? Number(process.env.PORT) : await freePort(3000);
  const admin = { username: process.env.ADMIN_USERNAME ?? 'admin', password: process.env.ADMIN_PASSWORD ?? 'Admin@2026' };
  const env = {
    NODE_ENV: 'development',
    DATABASE_URL: database.url,
    REDIS_URL: redis.url,
    REDIS_PREFIX: process.env.REDIS_PREFIX ?? `rectify-demo-${process.pid}`,
    JWT_SECRET: process.env.JWT_SECRET ?? 'rectify-demo-secret-not-for-production',
    ADMIN_USERNAME: admin.username,
    ADMIN_PASSWORD: admin.password,
    PORT: String(port),
    LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn',
    UPLOAD_DIR: process.env.UPLOAD_DIR ?? 'var/demo-uploads',
  };
  log(`数据库：${database.source}\nRedis：${redis.source}`);
  const app = await createApiApp({ role: 'all', env });
  await app.listen(port, '127.0.0.1');
  const baseUrl = `http://127.0.0.1:${port}`;
  log('正在写入演示数据（53 条整改措施、30 个单位、三个批次的巡察发现问题和整改事项）…');
  const today = calendarDateIn(new Date(), process.env.APP_TIMEZONE ?? 'Asia/Shanghai');
  const summary = await seedDemoScenario(baseUrl, admin, today);
  const sample = (role: Role) => summary.users.find((u) => u.role === role);
  log(`
Rectify 整改跟踪督办系统（演示）已启动：${baseUrl}
  网页：${baseUrl}/        接口文档：${baseUrl}/api/docs        健康检查：${baseUrl}/health
  演示数据：${summary.units} 个单位，${summary.findings} 个发现问题，${summary.items} 个整改事项（${Object.entries(summary.byStatus)
    .map(([k, v]) => `${ITEM_STATUS_LABELS[k as ItemStatus]} ${v}`)
    .join('，')}）

登录账号（密码均为 ${DEMO_PASSWORD}，管理员除外）：
  ${ROLE_LABELS.admin.padEnd(8, '　')} ${admin.username} / ${admin.password}
${(['office', 'leadership', 'inspector', 'unit_manager', 'unit_staff'] as Role[])
  .map((r) => `  ${ROLE_LABELS[r].padEnd(8, '　')} ${sample(r)?.username}${sample(r)?.unit ? `（${sample(r)?.unit}）` : ''}`)
  .join('\n')}
  其余单位账号：mgr01…mgr30（单位负责人），staff01…staff30（责任人）

按 Ctrl+C 退出。`);
  const shutdown = async () => {
    await app.close();
    redis.stop();
    await database.stop();
    process.exit(0);
  };
  process.once('SIGINT', () => void shutdown());
  process.once('SIGTERM', () => void shutdown());
}

main().catch((err: unknown) => {
  process.stderr.write(`演示启动失败：${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
