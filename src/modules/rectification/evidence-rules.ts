/**
 * When evidence (佐证材料) may be deleted, in one pure place (no I/O). The DELETE route and the
 * `canDelete` flag of the item page both ask `planEvidenceDelete`, so the button never shows where
 * the route would refuse.
 *
 *  - Who: someone who may work on the item (`ItemAccess.canWork`), and then only the file's uploader
 *    or a unit manager (of the item's unit or a unit above it: the managers `canWork` admits). The
 *    office deletes only what it uploaded itself: a unit's evidence is the unit's record. Anyone
 *    else gets 403.
 *  - When: only evidence not yet submitted. The item must be open (`pending` / `in_progress`): while
 *    an application for closure (申请销号) is under review (`submitted`) or after 销号 (`closed`) the
 *    files are on record. And the file must be newer than the item's latest lifecycle mark — the
 *    latest 申请销号, 退回, 销号 or 重新打开 in the audit trail (`item.submitted_at` is cleared on
 *    退回, so the audit entries are the record). A file uploaded before that mark went with an
 *    application (or was before the office while it reviewed one) and stays, even after the
 *    application was sent back. Refused as 409.
 */
import type { Role } from '../../common/roles.js';
import type { ItemStatus } from './item-lifecycle.js';

/** The audit actions after which earlier evidence is on record (see `RectificationItemsRepository.evidenceRecordMark`). */
export const EVIDENCE_RECORD_ACTIONS = ['item.submit', 'item.reject', 'item.approve', 'item.reopen'] as const;

export interface EvidenceDeleteFacts {
  actorId: string;
  actorRole: Role;
  /** `ItemAccess.canWork` for the actor on the item. */
  canWork: boolean;
  itemStatus: ItemStatus;
  uploaderId: string | null;
  uploadedAt: Date;
  /** Time of the item's latest 申请销号 / 退回 / 销号 / 重新打开; null if it never had one. */
  recordMark: Date | null;
}

export type EvidenceDeletePlan = { ok: true } | { ok: false; reason: 'forbidden' | 'illegal'; message: string };

const OPEN_STATUSES: readonly ItemStatus[] = ['pending', 'in_progress'];

export function planEvidenceDelete(f: EvidenceDeleteFacts): EvidenceDeletePlan {
  if (!f.canWork) return { ok: false, reason: 'forbidden', message: '当前角色无权办理该整改事项' };
  const ownUpload = !!f.uploaderId && f.uploaderId === f.actorId;
  if (!ownUpload && f.actorRole !== 'unit_manager') {
    return { ok: false, reason: 'forbidden', message: '只能删除本人上传的佐证材料（单位负责人可删除本单位人员上传的）' };
  }
  if (f.itemStatus === 'submitted') return { ok: false, reason: 'illegal', message: '事项已申请销号、正在审核，佐证材料不能删除' };
  if (f.itemStatus === 'closed') return { ok: false, reason: 'illegal', message: '事项已销号，佐证材料不能删除' };
  if (!OPEN_STATUSES.includes(f.itemStatus)) return { ok: false, reason: 'illegal', message: '事项当前状态下佐证材料不能删除' };
  if (f.recordMark && new Date(f.uploadedAt).getTime() <= new Date(f.recordMark).getTime()) {
    return { ok: false, reason: 'illegal', message: '该佐证材料已随此前的销号申请提交，已存档，不能删除' };
  }
  return { ok: true };
}

export const mayDeleteEvidence = (f: EvidenceDeleteFacts): boolean => planEvidenceDelete(f).ok;
