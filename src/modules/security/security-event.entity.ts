import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

export const SECURITY_EVENT_KINDS = ['forbidden', 'not_found_write', 'unauthenticated_burst', 'login_locked'] as const;
export type SecurityEventKind = (typeof SECURITY_EVENT_KINDS)[number];

/** What the admin reads for each kind. */
export const SECURITY_EVENT_LABELS: Record<SecurityEventKind, string> = {
  forbidden: '越权访问被拒绝（403）',
  not_found_write: '写操作目标不存在或不在权限范围内（404）',
  unauthenticated_burst: '短时间内多次未通过身份验证（401）',
  login_locked: '登录因失败次数过多被锁定（429）',
};

/**
 * A refused request worth an admin's look: who tried (user, or the address when nobody signed in),
 * what, and how it was answered. Written after the response, outside any business transaction.
 * `count` is the number of such refusals from the same user or address within the window when
 * this one was recorded (bursts are sampled, not stored whole).
 */
@Entity('security_events')
@Index(['at'])
@Index(['kind', 'at'])
@Index(['userId', 'at'])
export class SecurityEvent {
  @PrimaryGeneratedColumn('identity', { type: 'bigint', generatedIdentity: 'ALWAYS' })
  id: string;

  @Column({ type: 'varchar', length: 32 })
  kind: SecurityEventKind;

  @Column({ type: 'uuid', nullable: true })
  userId: string | null;

  @Column({ type: 'varchar', length: 64, nullable: true })
  username: string | null;

  @Column({ type: 'varchar', length: 64 })
  ip: string;

  @Column({ type: 'varchar', length: 10 })
  method: string;

  @Column({ type: 'varchar', length: 300 })
  path: string;

  @Column({ type: 'smallint' })
  status: number;

  @Column({ type: 'varchar', length: 64, nullable: true })
  code: string | null;

  @Column({ type: 'int', default: 1 })
  count: number;

  @Column({ type: 'timestamptz' })
  at: Date;
}
