import { describe, expect, it } from '@jest/globals';
import { spawnSync } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { projectRoot } from '../bench/start-command.js';
import { ApiClient } from './api-client.js';
import { freePort, redisAnswers } from './demo-services.js';

/** Issue 10, defect 17: the demo probes for services quietly and survives a passing 503 while seeding. */
describe('demo services', () => {
  it('probes for Redis quietly: false where nothing listens, true where Redis answers, nothing printed', async () => {
    const port = await freePort();
    await expect(redisAnswers(`redis://127.0.0.1:${port}`)).resolves.toBe(false);
    await expect(redisAnswers(process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379')).resolves.toBe(true);
    // What the demo prints, in a process of its own (built code, as `npm run demo` runs it): ioredis
    // reported a refused probe on stderr on a later turn of the event loop, after the probe returned.
    const script = `import { redisAnswers } from ${JSON.stringify(join(projectRoot(), 'dist/src/cli/demo-services.js'))};
      const ok = await redisAnswers('redis://127.0.0.1:${port}');
      await new Promise((r) => setTimeout(r, 300));
      process.stdout.write(String(ok));`;
    const run = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8', timeout: 30_000 });
    expect({ stdout: run.stdout, stderr: run.stderr }).toEqual({ stdout: 'false', stderr: '' });
  });

  it('the seeding client tries a call again after a 503 with Retry-After, and not after a 4xx', async () => {
    let calls = 0;
    const server: Server = createServer((req, res) => {
      calls++;
      if (req.url === '/api/v1/users' && calls === 1) {
        res.writeHead(503, { 'content-type': 'application/json', 'retry-after': '1' });
        res.end(JSON.stringify({ statusCode: 503, code: 'SERVICE_UNAVAILABLE', message: '数据库连接中断，请稍后重试' }));
        return;
      }
      if (req.url === '/api/v1/units') {
        res.writeHead(400, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ statusCode: 400, code: 'BAD_REQUEST', message: '请求无效' }));
        return;
      }
      res.writeHead(201, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ id: 'u1' }));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const api = new ApiClient(`http://127.0.0.1:${(server.address() as AddressInfo).port}`, 'token');
      await expect(api.post('/users', { username: 'x' })).resolves.toEqual({ id: 'u1' });
      expect(calls).toBe(2);
      await expect(api.post('/units', { code: 'x' })).rejects.toThrow('→ 400');
      expect(calls).toBe(3);
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
