import { Foundation1795806332391 } from './1795806332391-Foundation.js';
import { AuditAppendOnly1795806400000 } from './1795806400000-AuditAppendOnly.js';
import { SeedFindingCategories1795806400001 } from './1795806400001-SeedFindingCategories.js';
import { FollowUp1795807541347 } from './1795807541347-FollowUp.js';
import { Reports1795808097244 } from './1795808097244-Reports.js';
import { ReportRollups1795809332186 } from './1795809332186-ReportRollups.js';
import { ReportRollupTriggers1795809400000 } from './1795809400000-ReportRollupTriggers.js';
import { ReportOpenItemsIndex1795809693909 } from './1795809693909-ReportOpenItemsIndex.js';
import { FollowUpChase1795810412164 } from './1795810412164-FollowUpChase.js';
import { UserSessions1795812000001 } from './1795812000001-UserSessions.js';
import { SecurityEvents1795812000002 } from './1795812000002-SecurityEvents.js';
import { FourEyesAndRoundClosing1795813000001 } from './1795813000001-FourEyesAndRoundClosing.js';
import { AuditHashChain1795814000000 } from './1795814000000-AuditHashChain.js';
import { RowLevelSecurity1795814000001 } from './1795814000001-RowLevelSecurity.js';
import { LedgerRemainingDays1795817000001 } from './1795817000001-LedgerRemainingDays.js';
import { EscalationLadder1795817000002 } from './1795817000002-EscalationLadder.js';
import { FollowUpChannels1795818000000 } from './1795818000000-FollowUpChannels.js';
import { Registers1795822000001 } from './1795822000001-Registers.js';
import { BureauPlanMeasures1795830000000 } from './1795830000000-BureauPlanMeasures.js';
import { UnitObligations1795832000000 } from './1795832000000-UnitObligations.js';
import { UnitsSide1795833000000 } from './1795833000000-UnitsSide.js';
import { UnitsSideScopeAndCounting1795833000001 } from './1795833000001-UnitsSideScopeAndCounting.js';
import { ItemInstitutional1795837000000 } from './1795837000000-ItemInstitutional.js';
import { FindingClueReferral1795841000000 } from './1795841000000-FindingClueReferral.js';
import { UnitActive1795838000000 } from './1795838000000-UnitActive.js';

/**
 * Every migration, in order. A generated migration must be added here by hand (after review);
 * the drift test fails if the entities and this list disagree.
 */
// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
export const MIGRATIONS: Function[] = [
  Foundation1795806332391,
  AuditAppendOnly1795806400000,
  SeedFindingCategories1795806400001,
  FollowUp1795807541347,
  Reports1795808097244,
  ReportRollups1795809332186,
  ReportRollupTriggers1795809400000,
  ReportOpenItemsIndex1795809693909,
  FollowUpChase1795810412164,
  UserSessions1795812000001,
  SecurityEvents1795812000002,
  FourEyesAndRoundClosing1795813000001,
  AuditHashChain1795814000000,
  RowLevelSecurity1795814000001,
  LedgerRemainingDays1795817000001,
  EscalationLadder1795817000002,
  FollowUpChannels1795818000000,
  Registers1795822000001,
  BureauPlanMeasures1795830000000,
  UnitObligations1795832000000,
  UnitsSide1795833000000,
  UnitsSideScopeAndCounting1795833000001,
  ItemInstitutional1795837000000,
  UnitActive1795838000000,
  FindingClueReferral1795841000000,
];
