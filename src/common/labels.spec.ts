import { describe, expect, it } from '@jest/globals';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CHASE_KINDS } from '../modules/follow-up/follow-up.dto.js';
import { ITEM_ACTIONS } from '../modules/rectification/item-lifecycle.js';
import { AUDIT_ACTION_LABELS, auditActionLabel } from './labels.js';

/** Every `.ts` file under `dir`, specs left out. */
function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return sources(path);
    return e.name.endsWith('.ts') && !e.name.endsWith('.spec.ts') ? [path] : [];
  });
}

/**
 * The audit actions the code records: literals after `action:` (ternaries included) in files that
 * write audit entries, and those handed to a local `entry('…')` helper; plus the two built from a
 * code (`item.${action}` of a transition, `item.${kind}` of a chase).
 */
function recordedActions(): string[] {
  const found = new Set<string>();
  for (const file of sources(join(process.cwd(), 'src'))) {
    const text = readFileSync(file, 'utf8');
    if (!text.includes('audit.record(')) continue;
    for (const [, expr] of text.matchAll(/\baction: ([^,\n]+)/g)) {
      for (const [, literal] of expr.matchAll(/'([a-z_]+(?:\.[a-z_]+)+)'/g)) found.add(literal);
    }
    for (const [, expr] of text.matchAll(/\bentry\(([^\n]+)/g)) {
      for (const [, literal] of expr.matchAll(/'([a-z_]+(?:\.[a-z_]+)+)'/g)) found.add(literal);
    }
  }
  for (const action of ITEM_ACTIONS) found.add(`item.${action}`);
  for (const kind of CHASE_KINDS) found.add(`item.${kind}`);
  return [...found].sort();
}

describe('audit action labels', () => {
  it('every action the code records reads in Chinese on the history and audit pages', () => {
    const actions = recordedActions();
    // The scan finds them (a broken scan would pass vacuously).
    expect(actions).toEqual(expect.arrayContaining(['extension.request', 'measure.signoff', 'unit.move', 'unit.deactivate']));
    expect(actions.filter((a) => !AUDIT_ACTION_LABELS[a])).toEqual([]);
  });

  it('labels follow-up entries by their reminder kind and anything unknown as 其他操作', () => {
    expect(auditActionLabel('unit.rename')).toBe('修改单位名称或编码');
    expect(auditActionLabel('follow_up.reminder')).toMatch(/^发出/);
    expect(auditActionLabel('no.such')).toBe('其他操作');
  });
});
