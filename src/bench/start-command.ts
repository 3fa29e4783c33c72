import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The project root: the nearest folder above this file holding Rectify's package.json (from src/ or dist/src/). */
export function projectRoot(): string {
  for (let dir = dirname(fileURLToPath(import.meta.url)); ; dir = dirname(dir)) {
    const pkg = join(dir, 'package.json');
    if (existsSync(pkg) && (JSON.parse(readFileSync(pkg, 'utf8')) as { name?: string }).name === 'rectify') return dir;
    if (dirname(dir) === dir) throw new Error('package.json of rectify not found above ' + fileURLToPath(import.meta.url));
  }
}

/**
 * The Node flags `npm start` runs the system with (package.json `scripts.start`, the same as the
 * image's CMD), so the benchmarks and the start-up tests measure the process as production runs it.
 */
export function startNodeFlags(script = 'start'): string[] {
  const pkg = JSON.parse(readFileSync(join(projectRoot(), 'package.json'), 'utf8')) as { scripts: Record<string, string> };
  const command = pkg.scripts[script]?.trim() ?? '';
  const m = /^(?:[A-Z][A-Z0-9_]*=\S+\s+)*node((?:\s+--[\w-]+=\S+)*)\s+dist\/src\/main\.js$/.exec(command);
  if (!m) throw new Error(`package.json scripts.${script} is not "[VAR=value …] node [--flag=value …] dist/src/main.js": ${command}`);
  return m[1].trim().split(/\s+/).filter(Boolean);
}
