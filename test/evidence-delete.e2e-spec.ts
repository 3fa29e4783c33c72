import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { failAuditOf, onAuditOf } from './support/failures.js';
import { seedItems } from './support/items.js';
import { seedOrg, type Org, type OrgUser } from './support/org.js';
import { startTestApp, type TestApp } from './support/test-app.js';

const PDF = Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');
const url = (path: string) => `/api/v1${path}`;

/**
 * Deleting evidence (佐证材料) before it is submitted: DELETE /items/:id/evidence/:evidenceId.
 * Who (uploader or unit manager; office only its own), when (item open and the file newer than the
 * latest 申请销号 / 退回), scope (404 across units), atomicity (row, audit entry and file together),
 * and the `canDelete` flag the item page reads, computed by the same rule.
 */
describe('evidence deletion', () => {
  let t: TestApp;
  let org: Org;
  let staffA2: OrgUser;
  let otherStaffA: OrgUser;

  const uploadedFiles = () => readdirSync(t.env.UPLOAD_DIR);
  const upload = async (token: string, itemId: string, name = '整改材料.pdf') => {
    const res = await t
      .as(token)
      .post(url(`/items/${itemId}/evidence`))
      .attach('file', PDF, { filename: name, contentType: 'application/pdf' });
    expect(res.status).toBe(201);
    return res.body as { id: string; storedName: string };
  };
  const remove = (token: string, itemId: string, evidenceId: string) => t.as(token).delete(url(`/items/${itemId}/evidence/${evidenceId}`));
  const rowExists = async (id: string) =>
    (await t.dataSource.query<{ n: number }[]>(`SELECT count(*)::int AS n FROM item_evidence WHERE id = $1`, [id]))[0].n === 1;
  const deleteAudits = async (id: string) =>
    t.dataSource.query<{ actor_name: string; before: { id: string; storedName: string } }[]>(
      `SELECT actor_name, before FROM audit_entries WHERE action = 'item.evidence_delete' AND entity_id = $1`,
      [id],
    );
  const canDelete = async (token: string, itemId: string, evidenceId: string) => {
    const detail = await t.as(token).get(url(`/items/${itemId}`));
    expect(detail.status).toBe(200);
    const list = await t.as(token).get(url(`/items/${itemId}/evidence`));
    expect(list.status).toBe(200);
    const inDetail = (detail.body.evidence as { id: string; canDelete: boolean }[]).find((e) => e.id === evidenceId);
    const inList = (list.body as { id: string; canDelete: boolean }[]).find((e) => e.id === evidenceId);
    expect(inDetail?.canDelete).toBe(inList?.canDelete);
    return inDetail?.canDelete;
  };
  const version = async (id: string) => (await t.as(org.users.office.token).get(url(`/items/${id}`))).body.version as number;
  const move = async (token: string, id: string, body: Record<string, unknown>) =>
    t
      .as(token)
      .post(url(`/items/${id}/transitions`))
      .send({ ...body, version: await version(id) });
  const newItem = async (status: 'pending' | 'in_progress' = 'in_progress') => {
    const [id] = await seedItems(t.dataSource, [
      { title: '删除佐证材料测试事项', unitId: org.units.a, deadline: '2026-07-31', ownerId: org.users.staffA.id, status },
    ]);
    return id;
  };
  /** Who the inbox told of the deletion of `evidenceId`, and what. */
  const toldOfDeletion = (evidenceId: string): Promise<{ user_id: string; body: string }[]> =>
    t.dataSource.query(
      `SELECT d.user_id, m.body FROM notification_deliveries d JOIN notification_messages m ON m.id = d.message_id
        WHERE d.channel = 'inbox' AND m.key = $1`,
      [`evidence-delete:${evidenceId}`],
    );

  /** The progress note a 申请销号 needs. */
  const reportProgress = async (itemId: string) => {
    const res = await t
      .as(org.users.staffA.token)
      .post(url(`/items/${itemId}/progress`))
      .send({ note: '已整改' });
    expect(res.status).toBe(201);
  };

  beforeAll(async () => {
    t = await startTestApp({ now: '2026-06-15T02:00:00Z' });
    org = await seedOrg(t);
    const admin = t.as(org.adminToken);
    const a2 = await admin.post(url('/units')).send({ code: 'A2', name: '甲单位另一科室', parentId: org.units.a });
    expect(a2.status).toBe(201);
    const user = async (username: string, unitId: string): Promise<OrgUser> => {
      const password = `${username}-pass-123`;
      const res = await admin.post(url('/users')).send({ username, password, displayName: username, role: 'unit_staff', unitId });
      expect(res.status).toBe(201);
      return { id: res.body.id, username, password, token: await t.login(username, password) };
    };
    staffA2 = await user('staffA2', a2.body.id);
    otherStaffA = await user('staffA9', org.units.a);
  });
  afterAll(async () => {
    await t?.close();
  });
  beforeEach(async () => {
    await t.ownerQuery(`DROP TRIGGER IF EXISTS test_fail ON audit_entries`);
  });

  it('lets the uploader delete a file before submission: row, file gone, audit entry with the row', async () => {
    const itemId = await newItem();
    const ev = await upload(org.users.staffA.token, itemId);
    expect(uploadedFiles()).toContain(ev.storedName);
    expect(await canDelete(org.users.staffA.token, itemId, ev.id)).toBe(true);

    const res = await remove(org.users.staffA.token, itemId, ev.id);
    expect(res.status).toBe(204);
    expect(await rowExists(ev.id)).toBe(false);
    expect(uploadedFiles()).not.toContain(ev.storedName);
    const audits = await deleteAudits(ev.id);
    expect(audits).toHaveLength(1);
    expect(audits[0]).toMatchObject({ actor_name: 'staffA', before: { id: ev.id, storedName: ev.storedName } });
    const history = await t.as(org.users.staffA.token).get(url(`/items/${itemId}/history`));
    expect(history.body.map((h: { actionLabel: string }) => h.actionLabel)).toContain('删除佐证材料');

    expect(await toldOfDeletion(ev.id)).toEqual([]);
    // Gone is gone: a second delete is 404.
    expect((await remove(org.users.staffA.token, itemId, ev.id)).status).toBe(404);
  });

  it('refuses (409) once submitted; after 退回 the earlier file stays on record but a newer one may go', async () => {
    const itemId = await newItem();
    const staff = org.users.staffA.token;
    await reportProgress(itemId);
    const sent = await upload(staff, itemId, '随申请提交.pdf');
    expect((await move(staff, itemId, { action: 'submit' })).status).toBe(200);

    let res = await remove(staff, itemId, sent.id);
    expect(res.status).toBe(409);
    expect(res.body.message).toContain('申请销号');
    expect(await canDelete(staff, itemId, sent.id)).toBe(false);

    expect((await move(org.users.office.token, itemId, { action: 'reject', reason: '材料不全' })).status).toBe(200);
    res = await remove(staff, itemId, sent.id);
    expect(res.status).toBe(409);
    expect(res.body.message).toContain('已随此前的销号申请提交');
    expect(await canDelete(staff, itemId, sent.id)).toBe(false);
    expect(await rowExists(sent.id)).toBe(true);
    expect(uploadedFiles()).toContain(sent.storedName);

    const later = await upload(staff, itemId, '退回后补充.pdf');
    expect(await canDelete(staff, itemId, later.id)).toBe(true);
    expect((await remove(staff, itemId, later.id)).status).toBe(204);
    expect(await rowExists(later.id)).toBe(false);
  });

  it('refuses (409) on a closed item', async () => {
    const itemId = await newItem();
    const staff = org.users.staffA.token;
    await reportProgress(itemId);
    const ev = await upload(staff, itemId);
    expect((await move(staff, itemId, { action: 'submit' })).status).toBe(200);
    expect((await move(org.users.office.token, itemId, { action: 'approve' })).status).toBe(200);
    const res = await remove(org.users.managerA.token, itemId, ev.id);
    expect(res.status).toBe(409);
    expect(res.body.message).toContain('已销号');
  });

  it('hides the file from other units (404), sibling units included, and from another item’s address', async () => {
    const itemId = await newItem();
    const otherItem = await newItem();
    const ev = await upload(org.users.staffA.token, itemId);
    for (const user of [org.users.staffB, org.users.managerB, staffA2]) {
      const res = await remove(user.token, itemId, ev.id);
      expect(res.status).toBe(404);
      expect(res.body.message).toContain('佐证材料');
    }
    // The file under another item's address (one the caller may work on) is not found either.
    expect((await remove(org.users.staffA.token, otherItem, ev.id)).status).toBe(404);
    expect(await rowExists(ev.id)).toBe(true);
    expect(uploadedFiles()).toContain(ev.storedName);
  });

  it('lets the unit manager delete staff’s upload; a staff member who did not upload gets 403, the office too', async () => {
    const itemId = await newItem();
    const byManager = await upload(org.users.managerA.token, itemId, '负责人上传.pdf');
    const byStaff = await upload(org.users.staffA.token, itemId, '责任人上传.pdf');
    const byOffice = await upload(org.users.office.token, itemId, '巡察办上传.pdf');

    // The item's owner did not upload the manager's file.
    expect(await canDelete(org.users.staffA.token, itemId, byManager.id)).toBe(false);
    const res = await remove(org.users.staffA.token, itemId, byManager.id);
    expect(res.status).toBe(403);
    expect(res.body.message).toContain('本人上传');
    // A staff member of the unit who does not own the item may not work on it at all.
    expect((await remove(otherStaffA.token, itemId, byStaff.id)).status).toBe(403);
    // The office deletes only its own upload.
    expect(await canDelete(org.users.office.token, itemId, byStaff.id)).toBe(false);
    expect((await remove(org.users.office.token, itemId, byStaff.id)).status).toBe(403);
    // Read-only roles may not.
    expect((await remove(org.users.leadership.token, itemId, byStaff.id)).status).toBe(403);

    expect(await canDelete(org.users.managerA.token, itemId, byStaff.id)).toBe(true);
    expect((await remove(org.users.managerA.token, itemId, byStaff.id)).status).toBe(204);
    expect(await rowExists(byStaff.id)).toBe(false);
    expect((await deleteAudits(byStaff.id))[0].actor_name).toBe('managerA');
    expect((await remove(org.users.office.token, itemId, byOffice.id)).status).toBe(204);
    expect(await rowExists(byManager.id)).toBe(true);
    // The uploader whose file someone else deleted is told, once; deleting one's own file tells nobody.
    expect(await toldOfDeletion(byStaff.id)).toEqual([
      { user_id: org.users.staffA.id, body: expect.stringContaining('managerA删除了您为整改事项') },
    ]);
    expect((await toldOfDeletion(byStaff.id))[0].body).toContain('“责任人上传.pdf”');
    expect(await toldOfDeletion(byOffice.id)).toEqual([]);
  });

  it('keeps the row and the file when the audit entry fails midway', async () => {
    const itemId = await newItem();
    const ev = await upload(org.users.staffA.token, itemId);
    await failAuditOf(t, 'item.evidence_delete');
    const res = await remove(org.users.staffA.token, itemId, ev.id);
    expect(res.status).toBe(500);
    expect(await rowExists(ev.id)).toBe(true);
    expect(uploadedFiles()).toContain(ev.storedName);
    expect(await deleteAudits(ev.id)).toHaveLength(0);
    // Still downloadable, still deletable once the failure is gone.
    expect((await t.as(org.users.staffA.token).get(url(`/evidence/${ev.id}/download`))).status).toBe(200);
    await t.ownerQuery(`DROP TRIGGER test_fail ON audit_entries`);
    expect((await remove(org.users.staffA.token, itemId, ev.id)).status).toBe(204);
  });

  it('answers 204 when the stored file is already gone after the commit: the row goes, the unlink only warns', async () => {
    const itemId = await newItem();
    const ev = await upload(org.users.staffA.token, itemId);
    rmSync(join(t.env.UPLOAD_DIR, ev.storedName));
    const res = await remove(org.users.staffA.token, itemId, ev.id);
    expect(res.status).toBe(204);
    expect(await rowExists(ev.id)).toBe(false);
    expect(await deleteAudits(ev.id)).toHaveLength(1);
  });

  it('a 申请销号 racing a deletion counts the evidence after it: never submitted on a file that is gone', async () => {
    const itemId = await newItem();
    const staff = org.users.staffA.token;
    await reportProgress(itemId);
    const ev = await upload(staff, itemId);
    // The deletion is held between its DELETE and its COMMIT (its audit insert waits on a lock the test holds).
    const holder = new pg.Client({ connectionString: t.databaseUrl });
    await holder.connect();
    const waitingOnLocks = async (n: number) => {
      for (let i = 0; i < 500; i++) {
        const [{ c }] = await t.ownerQuery<{ c: number }>(
          `SELECT count(*)::int AS c FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'`,
        );
        if (c >= n) return;
        await new Promise((r) => setTimeout(r, 20));
      }
      throw new Error(`never saw ${n} sessions waiting on a lock`);
    };
    try {
      await holder.query(`SELECT pg_advisory_lock(4242)`);
      await onAuditOf(t, 'item.evidence_delete', 'PERFORM pg_advisory_xact_lock(4242)');
      const deleting = remove(staff, itemId, ev.id).then((r) => r);
      await waitingOnLocks(1);
      // The submit runs while the file's row is deleted but not yet committed.
      const submitting = move(staff, itemId, { action: 'submit' }).then((r) => r);
      await waitingOnLocks(2);
      await holder.query(`SELECT pg_advisory_unlock(4242)`);
      const [deleted, submitted] = await Promise.all([deleting, submitting]);
      expect(deleted.status).toBe(204);
      expect(submitted.status).toBe(409);
      expect(submitted.body.message).toContain('佐证材料或书面说明');
    } finally {
      await holder.end();
    }
    const item = await t.as(staff).get(url(`/items/${itemId}`));
    expect(item.body).toMatchObject({ status: 'in_progress', evidence: [] });
  });

  it('answers 400 for an evidence id that is not a uuid, writing nothing', async () => {
    const itemId = await newItem();
    const res = await remove(org.users.staffA.token, itemId, 'not-a-uuid');
    expect(res.status).toBe(400);
  });
});
