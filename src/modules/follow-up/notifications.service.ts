import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { Actor } from '../../common/actor.js';
import { Clock } from '../../common/clock.js';
import { notFound } from '../../common/errors.js';
import type { Page } from '../../common/pagination.js';
import { InboxNotification } from './follow-up.entities.js';

/** The caller's in-app inbox: only ever the caller's own messages. */
@Injectable()
export class NotificationsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly clock: Clock,
  ) {}

  async list(
    actor: Actor,
    q: { offset: number; pageSize: number; page: number; unread?: boolean },
  ): Promise<Page<InboxNotification> & { unread: number }> {
    const repo = this.dataSource.getRepository(InboxNotification);
    const qb = repo
      .createQueryBuilder('n')
      .where('n.userId = :uid', { uid: actor.id })
      .orderBy('n.createdAt', 'DESC')
      .addOrderBy('n.id', 'DESC');
    if (q.unread) qb.andWhere('n.readAt IS NULL');
    const [data, total] = await qb.skip(q.offset).take(q.pageSize).getManyAndCount();
    const unread = await repo.createQueryBuilder('n').where('n.userId = :uid AND n.readAt IS NULL', { uid: actor.id }).getCount();
    return { data, total, page: q.page, pageSize: q.pageSize, unread };
  }

  /** Marking read is the reader's own state, not a change to the record of what was sent: not audited. */
  async markRead(actor: Actor, id: string): Promise<InboxNotification> {
    const repo = this.dataSource.getRepository(InboxNotification);
    const n = await repo.findOneBy({ id, userId: actor.id });
    if (!n) throw notFound('通知');
    if (!n.readAt) {
      n.readAt = this.clock.now();
      await repo.update({ id, userId: actor.id }, { readAt: n.readAt });
    }
    return n;
  }
}
