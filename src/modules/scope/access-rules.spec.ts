import { ROLES, type Role } from '../../common/roles.js';
import { inScope, mayWorkOnItem, NO_UNIT, type Scope, scopeBasis, scopeSettingValue, scopeSqlClause, workRefusal } from './access-rules.js';

const UNIT = '11111111-1111-4111-8111-111111111111';
const CHILD = '22222222-2222-4222-8222-222222222222';
const SIBLING = '33333333-3333-4333-8333-333333333333';
const STAFF = '44444444-4444-4444-8444-444444444444';
const OTHER_STAFF = '55555555-5555-4555-8555-555555555555';

const unitScope: Scope = { all: false, unitIds: [UNIT, CHILD] };
const empty: Scope = { all: false, unitIds: [] };
const everything: Scope = { all: true };

describe('scopeBasis: where a role draws its units from', () => {
  it.each(['admin', 'office', 'leadership'] as Role[])('%s sees the whole bureau, with or without a unit', (role) => {
    expect(scopeBasis(role, null)).toBe('bureau');
    expect(scopeBasis(role, UNIT)).toBe('bureau');
  });

  it.each(['unit_manager', 'unit_staff'] as Role[])('%s sees its unit subtree, and nothing without a unit', (role) => {
    expect(scopeBasis(role, UNIT)).toBe('unit-subtree');
    expect(scopeBasis(role, null)).toBe('none');
    expect(scopeBasis(role, '')).toBe('none');
  });

  it('an inspector sees the units its groups inspect, whatever unit it belongs to', () => {
    expect(scopeBasis('inspector', null)).toBe('inspected-units');
    expect(scopeBasis('inspector', UNIT)).toBe('inspected-units');
  });

  it('a role these rules do not know (one added later without a rule) sees nothing', () => {
    expect(scopeBasis('auditor' as Role, UNIT)).toBe('none');
    expect(scopeBasis('auditor' as Role, null)).toBe('none');
  });

  it('every role has exactly one basis and only the three bureau roles see everything', () => {
    const bureau = ROLES.filter((r) => scopeBasis(r, UNIT) === 'bureau');
    expect(bureau.sort()).toEqual(['admin', 'leadership', 'office']);
  });
});

describe('inScope', () => {
  it('an unrestricted scope holds every unit, and records with no unit', () => {
    expect(inScope(everything, SIBLING)).toBe(true);
    expect(inScope(everything, null)).toBe(true);
    expect(inScope(everything, undefined)).toBe(true);
  });

  it('a unit scope holds its own units and not a sibling', () => {
    expect(inScope(unitScope, UNIT)).toBe(true);
    expect(inScope(unitScope, CHILD)).toBe(true);
    expect(inScope(unitScope, SIBLING)).toBe(false);
  });

  it('a restricted scope never holds a record without a unit', () => {
    expect(inScope(unitScope, null)).toBe(false);
    expect(inScope(unitScope, undefined)).toBe(false);
    expect(inScope(unitScope, '')).toBe(false);
    // Even a scope that (wrongly) listed an empty id does not let an empty unit through.
    expect(inScope({ all: false, unitIds: [''] }, '')).toBe(false);
  });

  it('an empty scope holds nothing', () => {
    expect(inScope(empty, UNIT)).toBe(false);
  });
});

describe('scopeSettingValue: what the row-level security policies read', () => {
  it('sets nothing for an unrestricted scope', () => {
    expect(scopeSettingValue(everything)).toBeNull();
  });

  it('lists the units, comma-separated, for a unit scope', () => {
    expect(scopeSettingValue(unitScope)).toBe(`${UNIT},${CHILD}`);
    expect(scopeSettingValue({ all: false, unitIds: [SIBLING] })).toBe(SIBLING);
  });

  it('an empty scope hides everything: it names a unit that cannot exist, never an empty list', () => {
    expect(scopeSettingValue(empty)).toBe(NO_UNIT);
    expect(NO_UNIT).toBe('00000000-0000-0000-0000-000000000000');
  });
});

describe('scopeSqlClause', () => {
  it('an unrestricted scope adds no condition and no parameter', () => {
    const params: unknown[] = ['x'];
    expect(scopeSqlClause(everything, 'i.responsible_unit_id', params)).toBe('TRUE');
    expect(params).toEqual(['x']);
  });

  it('a unit scope appends its units and numbers the placeholder after the parameters already there', () => {
    const params: unknown[] = ['x', 7];
    expect(scopeSqlClause(unitScope, 'i.responsible_unit_id', params)).toBe('i.responsible_unit_id = ANY($3::uuid[])');
    expect(params).toEqual(['x', 7, [UNIT, CHILD]]);
  });

  it('an empty scope still restricts (to no unit), never lifts the restriction', () => {
    const params: unknown[] = [];
    expect(scopeSqlClause(empty, 'f.unit_id', params)).toBe('f.unit_id = ANY($1::uuid[])');
    expect(params).toEqual([[]]);
  });
});

describe('mayWorkOnItem and its refusal', () => {
  const owned = { ownerId: STAFF };
  const unowned = { ownerId: null };

  it('the office and a unit manager work on any item they see', () => {
    for (const role of ['office', 'unit_manager'] as Role[]) {
      expect(mayWorkOnItem({ id: OTHER_STAFF, role }, owned)).toBe(true);
      expect(mayWorkOnItem({ id: OTHER_STAFF, role }, unowned)).toBe(true);
    }
  });

  it('a unit staff member works only on the items it owns', () => {
    expect(mayWorkOnItem({ id: STAFF, role: 'unit_staff' }, owned)).toBe(true);
    expect(mayWorkOnItem({ id: OTHER_STAFF, role: 'unit_staff' }, owned)).toBe(false);
    expect(mayWorkOnItem({ id: STAFF, role: 'unit_staff' }, unowned)).toBe(false);
  });

  it('leadership, inspectors and the admin only read, even an item recorded as theirs', () => {
    for (const role of ['leadership', 'inspector', 'admin'] as Role[]) {
      expect(mayWorkOnItem({ id: STAFF, role }, owned)).toBe(false);
    }
  });

  it('says why: a staff member is told the item is not theirs, other roles that their role may not', () => {
    expect(workRefusal('unit_staff')).toBe('只能办理本人负责的整改事项');
    for (const role of ['leadership', 'inspector', 'admin'] as Role[]) {
      expect(workRefusal(role)).toBe('当前角色无权办理整改事项');
    }
  });
});
