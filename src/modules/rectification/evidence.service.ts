import { Injectable, Logger } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { InjectDataSource } from '@nestjs/typeorm';
import { createHash, randomUUID } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { access, mkdir, unlink, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { DataSource, type EntityManager } from 'typeorm';
import type { Actor } from '../../common/actor.js';
import { badRequest, conflict, DomainException, ErrorCode, forbidden, notFound } from '../../common/errors.js';
import type { EnvironmentVariables } from '../../config/env.validation.js';
import { AuditService } from '../audit/audit.service.js';
import { itemUrl } from '../follow-up/digest-text.js';
import { FollowUpMessagesService } from '../follow-up/messages.service.js';
import { checkEvidenceType, sanitizeFileName } from './evidence-sniff.js';
import { EvidenceFile } from './evidence-file.entity.js';
import { planEvidenceDelete } from './evidence-rules.js';
import { ItemAccess } from './item-access.service.js';
import type { RectificationItem } from './rectification-item.entity.js';
import { RectificationItemsRepository } from './rectification-items.repository.js';

export interface VettedUpload {
  originalName: string;
  mimeType: string;
  size: string;
  sha256: string;
  buffer: Buffer;
}

/** An evidence row as the item page lists it: may the caller delete it now (same rule as the DELETE). */
export type EvidenceEntry = EvidenceFile & { canDelete: boolean };

export interface UploadedEvidence {
  originalname: string;
  mimetype: string;
  size: number;
  buffer: Buffer;
}

/**
 * Evidence (佐证材料). Multer keeps the upload in memory (bounded by UPLOAD_MAX_BYTES), so a
 * refused upload never touches the disk; an accepted one is written under a server-made uuid name
 * inside the transaction that records it, and removed again if that transaction fails.
 */
@Injectable()
export class EvidenceService {
  private readonly logger = new Logger(EvidenceService.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly access: ItemAccess,
    private readonly items: RectificationItemsRepository,
    private readonly audit: AuditService,
    private readonly config: ConfigService<EnvironmentVariables, true>,
    private readonly messages: FollowUpMessagesService,
  ) {}

  private dir(): string {
    return resolve(this.config.get('UPLOAD_DIR', { infer: true }));
  }

  private allowList(): string[] {
    return this.config
      .get('UPLOAD_ALLOWED_TYPES', { infer: true })
      .split(',')
      .map((s) => s.trim().toLowerCase())
      .filter(Boolean);
  }

  /**
   * The checks every upload passes before anything is written (evidence, a unit report's
   * attachments): present, not empty, within UPLOAD_MAX_BYTES, its bytes of an allowed type. Returns
   * the cleaned file name, the declared type and the content hash.
   */
  vet(file: UploadedEvidence | undefined): VettedUpload {
    if (!file) throw badRequest('请选择要上传的文件（字段 file）', [{ field: 'file', messages: ['必填'] }]);
    // Multer decodes names as latin1 unless told otherwise; the module sets utf8.
    const originalName = sanitizeFileName(file.originalname);
    if (file.size > this.config.get('UPLOAD_MAX_BYTES', { infer: true })) {
      throw new DomainException(ErrorCode.PayloadTooLarge, '上传文件过大');
    }
    if (file.size === 0) throw badRequest('上传的文件为空', [{ field: 'file', messages: ['文件为空'] }]);
    const check = checkEvidenceType(file.mimetype, originalName, file.buffer, this.allowList());
    if (!check.ok) throw new DomainException(ErrorCode.UnsupportedMediaType, check.message, { field: 'file', declared: file.mimetype });
    return {
      originalName,
      mimeType: file.mimetype.split(';')[0].trim().toLowerCase(),
      size: String(file.size),
      sha256: createHash('sha256').update(file.buffer).digest('hex'),
      buffer: file.buffer,
    };
  }

  /**
   * Runs `record` (the row and its audit entry, in the caller's transaction) with a new server-made
   * name, and writes the bytes under it inside that transaction; if the transaction fails, the file
   * is removed again.
   */
  async storeWith<T>(buffer: Buffer, record: (storedName: string, write: () => Promise<void>) => Promise<T>): Promise<T> {
    const storedName = randomUUID();
    const path = join(this.dir(), storedName);
    let written = false;
    try {
      return await record(storedName, async () => {
        await mkdir(this.dir(), { recursive: true });
        await writeFile(path, buffer, { flag: 'wx', mode: 0o640 });
        written = true;
      });
    } catch (err) {
      if (written) await unlink(path).catch(() => undefined);
      throw err;
    }
  }

  /** A stored file's bytes; 404 naming `what` when the file is gone. */
  async openStored(storedName: string, what: string) {
    const path = join(this.dir(), storedName);
    try {
      await access(path);
    } catch {
      throw notFound(what);
    }
    return createReadStream(path);
  }

  async upload(actor: Actor, itemId: string, file: UploadedEvidence | undefined) {
    const upload = this.vet(file);
    const item = await this.access.workable(actor, itemId);
    if (item.status === 'closed') throw conflict('事项已销号，不能再上传佐证材料', ErrorCode.IllegalTransition);
    this.access.assertNotDraft(item);
    return this.storeWith(upload.buffer, (storedName, write) =>
      this.access.transaction(actor, async (m) => {
        await this.access.workable(actor, itemId, m);
        const { buffer: _bytes, ...columns } = upload;
        const row = await m.save(m.create(EvidenceFile, { itemId: item.id, uploaderId: actor.id, storedName, ...columns }));
        await this.audit.record(m, actor, {
          action: 'item.evidence',
          entityType: 'evidence_file',
          entityId: row.id,
          subjectId: item.id,
          after: row,
        });
        await write();
        return row;
      }),
    );
  }

  async list(actor: Actor, itemId: string): Promise<EvidenceEntry[]> {
    return this.access.scoped(actor, async (m) => {
      const item = await this.access.readable(actor, itemId, m);
      return this.entriesOf(actor, item, m);
    });
  }

  /** The item's evidence, newest first, each with whether the caller may delete it now. */
  async entriesOf(actor: Actor, item: RectificationItem, m?: EntityManager): Promise<EvidenceEntry[]> {
    const rows = await this.items.evidenceOf(item.id, m);
    if (rows.length === 0) return [];
    const recordMark = await this.items.evidenceRecordMark(item.id, m);
    const canWork = this.access.canWork(actor, item);
    return rows.map((row) =>
      Object.assign(row, {
        canDelete: planEvidenceDelete({
          actorId: actor.id,
          actorRole: actor.role,
          canWork,
          itemStatus: item.status,
          uploaderId: row.uploaderId,
          uploadedAt: row.createdAt,
          recordMark,
        }).ok,
      }),
    );
  }

  /**
   * Deletes evidence not yet submitted (rules: `planEvidenceDelete`): 404 when the file is not the
   * item's or the caller cannot see the item, 403 for someone who may not, 409 once it is on
   * record. The row and its audit entry go in one transaction, which first locks the item row so a
   * concurrent 申请销号 (which takes the same lock before counting evidence) sees either the file or
   * its deletion, never a count that the deletion then invalidates. The stored bytes are removed
   * only after the commit: if the transaction fails, the row and the file both remain.
   */
  async remove(actor: Actor, itemId: string, evidenceId: string): Promise<void> {
    const { storedName, deliveries } = await this.access.transaction(actor, async (m) => {
      // Row-level security hides another unit's item from this lock as from every read.
      await m.query(`SELECT 1 FROM rectification_items WHERE id = $1 FOR UPDATE`, [itemId]);
      let item: RectificationItem;
      try {
        item = await this.access.readable(actor, itemId, m);
      } catch (err) {
        throw err instanceof DomainException && err.code === ErrorCode.NotFound ? notFound('佐证材料') : err;
      }
      const evidence = await m.findOneBy(EvidenceFile, { id: evidenceId, itemId: item.id });
      if (!evidence) throw notFound('佐证材料');
      this.access.assertCanWork(actor, item);
      const plan = planEvidenceDelete({
        actorId: actor.id,
        actorRole: actor.role,
        canWork: true,
        itemStatus: item.status,
        uploaderId: evidence.uploaderId,
        uploadedAt: evidence.createdAt,
        recordMark: await this.items.evidenceRecordMark(item.id, m),
      });
      if (!plan.ok) throw plan.reason === 'forbidden' ? forbidden(plan.message) : conflict(plan.message, ErrorCode.IllegalTransition);
      await m.delete(EvidenceFile, { id: evidence.id });
      await this.audit.record(m, actor, {
        action: 'item.evidence_delete',
        entityType: 'evidence_file',
        entityId: evidence.id,
        subjectId: item.id,
        before: evidence,
      });
      // A file someone else uploaded (the unit manager clearing a staff member's upload) is news to
      // its uploader, told with the deletion or not at all.
      const deliveries =
        evidence.uploaderId && evidence.uploaderId !== actor.id
          ? await this.messages.record(
              m,
              [evidence.uploaderId],
              {
                key: `evidence-delete:${evidence.id}`,
                title: '佐证材料已被删除',
                body: `${actor.username}删除了您为整改事项“${item.title}”上传的佐证材料“${evidence.originalName}”；如仍需要，请重新上传。详情：${itemUrl(this.config.get('PUBLIC_BASE_URL', { infer: true }), item.id)}`,
              },
              { kind: 'decision' },
            )
          : [];
      return { storedName: evidence.storedName, deliveries };
    });
    await this.messages.enqueue(deliveries, `evidence-delete:${evidenceId}`);
    try {
      await unlink(join(this.dir(), storedName));
    } catch (err) {
      // The row is gone (committed); a file left behind is an unreferenced orphan, harmless: never
      // served (downloads go through the row) and never listed. Warn so it can be swept.
      this.logger.warn(`佐证材料 ${evidenceId} 已删除，但其文件 ${storedName} 未能移除：${(err as Error).message}`);
    }
  }

  /** The file and a stream of its bytes, if the caller may see the item it belongs to. */
  async open(actor: Actor, evidenceId: string) {
    const evidence = await this.dataSource.getRepository(EvidenceFile).findOneBy({ id: evidenceId });
    if (!evidence) throw notFound('佐证材料');
    try {
      await this.access.readable(actor, evidence.itemId);
    } catch (err) {
      throw err instanceof DomainException && err.code === ErrorCode.NotFound ? notFound('佐证材料') : err;
    }
    return { evidence, stream: await this.openStored(evidence.storedName, '佐证材料文件') };
  }
}
