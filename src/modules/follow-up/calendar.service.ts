import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { createHash } from 'node:crypto';
import { DataSource } from 'typeorm';
import type { Actor } from '../../common/actor.js';
import { isCalendarDate } from '../../common/dates.js';
import { badRequest, notFound } from '../../common/errors.js';
import { AuditService } from '../audit/audit.service.js';
import { WorkingCalendarDay } from './follow-up.entities.js';
import type { CalendarDayDto } from './follow-up.dto.js';

/** A stable uuid for a calendar date, so that its audit entries can be found by entity id. */
function dateEntityId(date: string): string {
  const h = createHash('md5').update(`working_calendar:${date}`).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`;
}

/** Holidays and make-up working days (调休): the exceptions to the Monday–Friday week. */
@Injectable()
export class CalendarService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
  ) {}

  list(year?: number): Promise<WorkingCalendarDay[]> {
    const qb = this.dataSource.getRepository(WorkingCalendarDay).createQueryBuilder('d').orderBy('d.date', 'ASC');
    if (year) qb.where('d.date BETWEEN :from AND :to', { from: `${year}-01-01`, to: `${year}-12-31` });
    return qb.getMany();
  }

  async put(actor: Actor, dto: CalendarDayDto): Promise<WorkingCalendarDay> {
    if (!isCalendarDate(dto.date)) throw badRequest('date 不是有效日期', { field: 'date' });
    const day: WorkingCalendarDay = { date: dto.date, kind: dto.kind, name: dto.name.trim() };
    await this.dataSource.transaction(async (m) => {
      const before = await m.findOneBy(WorkingCalendarDay, { date: dto.date });
      await m.upsert(WorkingCalendarDay, day, ['date']);
      await this.audit.record(m, actor, {
        action: before ? 'calendar.update' : 'calendar.create',
        entityType: 'working_calendar',
        entityId: dateEntityId(dto.date),
        before,
        after: day,
      });
    });
    return day;
  }

  async remove(actor: Actor, date: string): Promise<void> {
    if (!isCalendarDate(date)) throw badRequest('date 不是有效日期', { field: 'date' });
    await this.dataSource.transaction(async (m) => {
      const before = await m.findOneBy(WorkingCalendarDay, { date });
      if (!before) throw notFound('日历日期');
      await m.delete(WorkingCalendarDay, { date });
      await this.audit.record(m, actor, {
        action: 'calendar.delete',
        entityType: 'working_calendar',
        entityId: dateEntityId(date),
        before,
      });
    });
  }
}
