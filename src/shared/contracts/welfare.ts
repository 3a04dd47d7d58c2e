import { z } from 'zod';
import { ZAddress } from './registry';

/**
 * Welfare (issue 6): policies as dated rules, household facts, decisions that explain themselves,
 * the lists for the whole community, applications with public notice and objections, the roster of
 * recipients, and emergency aid.
 *
 * Who sees what (ARCHITECTURE brief): incomes, assets and decisions are `finance` — subdistrict,
 * workers and the committee; disability and illness are `health` — workers and the committee only
 * (the subdistrict gets them as null). Every read of a household's facts or decisions is written to the
 * audit trail. Policies themselves are public text: every role but admin may read them.
 * Money in decisions, the roster and grants is in fen (1 yuan = 100 fen); facts are entered in yuan,
 * as workers read them off payslips and bank books.
 *
 * Endpoints (session cookie; POST needs x-csrf-token):
 *   GET  /api/v1/welfare/policies                          → ZPolicyList
 *   GET  /api/v1/welfare/policies/:policyId                → ZPolicyView
 *   POST /api/v1/welfare/policies/:policyId/parameter-changes  ZParameterChangeInput → ZParameterChange (worker, committee)
 *   POST /api/v1/welfare/parameter-changes/:id/decision    ZParameterDecisionInput → ZParameterChange (another worker or committee member)
 *   GET  /api/v1/welfare/parameter-changes/:id/effect      → ZParameterEffect (who changes, and why)
 *   GET  /api/v1/welfare/households/:id/facts              → ZHouseholdFacts
 *   POST /api/v1/welfare/households/:id/facts              ZFactsInput → ZHouseholdFacts (a new record)
 *   POST /api/v1/welfare/households/:id/fact-overrides     ZFactOverrideInput → ZHouseholdFacts
 *   POST /api/v1/welfare/households/:id/evaluations        ZEvaluateInput → ZDecision (kept)
 *   GET  /api/v1/welfare/households/:id/decisions          → ZDecisionList
 *   GET  /api/v1/welfare/decisions/:id                     → ZDecision
 *   GET  /api/v1/welfare/decisions/:id/compare?neighbourHouseholdId → ZComparison
 *   GET  /api/v1/welfare/lists?policyId&date               → ZWelfareLists (outreach and review)
 *   GET  /api/v1/welfare/holiday-visits?date               → ZHolidayVisitList
 *   (applications, notices, objections, roster, emergency aid: see below)
 */

export const ZDate = z.iso.date();
export const ZFen = z.number().int().safe();
export const ZLang = z.enum(['zh-CN', 'en']);

export const ZPolicyIdParam = z.object({ policyId: z.string().regex(/^[a-z][a-z0-9-]{1,40}$/) });
export const ZText = z.object({ zh: z.string(), en: z.string() });

const yuan = z.number().min(0).max(1_000_000_000);
const count = z.number().int().min(0).max(100);

/** The facts a worker records for a household; a fact left out is unknown, and decisions needing it say so. */
export const ZFactsInput = z
  .object({
    members: z.number().int().min(1).max(30).nullish(),
    monthlyIncome: yuan.nullish(),
    deposits: yuan.nullish(),
    securities: yuan.nullish(),
    vehicles: count.nullish(),
    mobilityVehicleForDisabled: z.boolean().nullish(),
    vehicleForSeriousIllness: z.boolean().nullish(),
    homes: count.nullish(),
    floorArea: z.number().min(0).max(10_000).nullish(),
    localHukou: z.boolean().nullish(),
    memberOver80LivingAlone: z.boolean().nullish(),
    severeDisability: z.boolean().nullish(),
    seriousIllness: z.boolean().nullish(),
    hardship: z.enum(['none', 'illness', 'accident', 'disaster']).nullish(),
    note: z.string().max(1000).nullish(),
  })
  .strict();
export type TFactsInput = z.infer<typeof ZFactsInput>;

export const ZFactValue = z.union([z.number(), z.boolean(), z.string(), z.null()]);
export const ZFacts = z.record(z.string(), ZFactValue);

export const ZHouseholdRef = z.object({
  householdId: z.uuid(),
  address: ZAddress,
  /** The head of household's name, or the first member's. */
  name: z.string(),
});
export type THouseholdRef = z.infer<typeof ZHouseholdRef>;

/** One fact's value, where it came from, and — when typing and the register disagree — both values. */
export const ZFactOrigin = z.object({
  fact: z.string(),
  label: z.string(),
  value: ZFactValue,
  source: z.enum(['typed', 'register']),
  readOn: z.string().nullable(),
  conflict: z.object({ typed: ZFactValue, register: ZFactValue }).nullable(),
  override: z
    .object({ use: z.enum(['typed', 'register']), reason: z.string(), by: z.string(), at: z.string() })
    .nullable(),
});
export type TFactOrigin = z.infer<typeof ZFactOrigin>;

export const ZHouseholdFacts = z.object({
  household: ZHouseholdRef,
  facts: ZFacts,
  /** Facts of a class the caller may not see (health for the subdistrict) are left out and named here. */
  withheld: z.array(z.string()),
  recordedAt: z.string().nullable(),
  recordedBy: z.string().nullable(),
  note: z.string().nullable(),
  /** The day the register was read for `used`: ages are taken on it. */
  registerReadOn: ZDate,
  /** Every value the rules would use today, each with its source; register facts count unless overridden. */
  used: z.array(ZFactOrigin),
  /** The facts where typing and the register disagree, for the household's welfare page to show. */
  conflicts: z.array(ZFactOrigin),
  /** `used` in plain words, in the caller's language. */
  sources: z.array(z.string()),
});

/**
 *   POST /api/v1/welfare/households/:id/fact-overrides     ZFactOverrideInput → ZHouseholdFacts (worker, committee)
 * Which source counts for a fact the register holds (registeredMembers, memberOver80, memberUnder18, livingAlone,
 * memberOver80LivingAlone, bedriddenMember, lowVisionMember); audited with its reason.
 */
export const ZFactOverrideInput = z
  .object({
    fact: z.string().min(1).max(60),
    use: z.enum(['typed', 'register']),
    reason: z.string().trim().min(1).max(1000),
  })
  .strict();
export type TFactOverrideInput = z.infer<typeof ZFactOverrideInput>;

export const ZParameterValue = z.object({
  from: ZDate,
  value: z.number(),
  /** `file`: from the policy file; `change`: an approved change recorded in Linli. */
  source: z.enum(['file', 'change']),
});
export const ZParameterChange = z.object({
  id: z.uuid(),
  policyId: z.string(),
  parameter: z.string(),
  from: ZDate,
  value: z.number(),
  reason: z.string(),
  status: z.enum(['proposed', 'approved', 'rejected']),
  proposedBy: z.string(),
  proposedAt: z.string(),
  decidedBy: z.string().nullable(),
  decidedAt: z.string().nullable(),
  decisionNote: z.string().nullable(),
});
export type TParameterChange = z.infer<typeof ZParameterChange>;

export const ZPolicySummary = z.object({
  id: z.string(),
  version: z.number().int(),
  title: ZText,
  document: z.string(),
  summary: ZText,
});
export const ZPolicyList = z.object({ policies: z.array(ZPolicySummary) });

export const ZPolicyView = ZPolicySummary.extend({
  /** The criteria in plain words, one line per condition, in the caller's language. */
  criteria: z.array(z.string()),
  parameters: z.array(
    z.object({
      name: z.string(),
      label: ZText,
      unit: z.string(),
      /** The value in force today. */
      current: z.number().nullable(),
      values: z.array(ZParameterValue),
    }),
  ),
  changes: z.array(ZParameterChange),
});

export const ZParameterChangeInput = z
  .object({
    parameter: z.string().min(1).max(60),
    from: ZDate,
    value: z.number().min(0).max(1_000_000_000),
    reason: z.string().trim().min(1).max(1000),
  })
  .strict();
export const ZParameterDecisionInput = z
  .object({ approve: z.boolean(), note: z.string().max(1000).nullish() })
  .strict();

export const ZCondition = z.object({
  id: z.string(),
  label: z.string(),
  passed: z.boolean().nullable(),
  value: ZFactValue,
  threshold: z.union([z.number(), z.boolean(), z.null()]),
  exception: z.string().nullable(),
});

export const ZExplanation = z.object({
  summary: z.string(),
  lines: z.array(z.string()),
  whatWouldChange: z.array(z.string()),
  /** Where each value used came from (register with the day read, or typing), and any disagreement. */
  sources: z.array(z.string()),
});

export const ZDecision = z.object({
  id: z.uuid(),
  household: ZHouseholdRef,
  policyId: z.string(),
  policyTitle: z.string(),
  policyVersion: z.number().int(),
  date: ZDate,
  outcome: z.enum(['eligible', 'not_eligible', 'needs_evidence']),
  missingFacts: z.array(z.string()),
  amountFen: ZFen.nullable(),
  parameters: z.record(z.string(), z.number()),
  conditions: z.array(ZCondition),
  factsUsed: ZFacts,
  /** Where each fact used came from, as kept with the decision (empty for decisions made before issue 20). */
  factOrigins: z.array(ZFactOrigin),
  hardship: z.string().nullable(),
  /** In the caller's language; `explanationOther` in the other one, for reading aloud in either. */
  explanation: ZExplanation,
  explanationOther: ZExplanation,
  /** Emergency aid is proposed when the decision fails and a hardship is marked. */
  proposeEmergencyAid: z.boolean(),
  createdAt: z.string(),
  createdBy: z.string(),
});
export type TDecision = z.infer<typeof ZDecision>;

export const ZDecisionList = z.object({ decisions: z.array(ZDecision) });

export const ZEvaluateInput = z
  .object({
    policyId: z.string().min(1).max(40),
    /** The date the decision is for (its parameters); today when left out. */
    date: ZDate.nullish(),
    hardship: z.enum(['illness', 'accident', 'disaster']).nullish(),
  })
  .strict();

export const ZCompareQuery = z.object({ neighbourHouseholdId: z.uuid() });
export const ZComparison = z.object({
  policyId: z.string(),
  lines: z.array(z.string()),
  conditions: z.array(
    z.object({
      id: z.string(),
      label: z.string(),
      mine: z.boolean().nullable(),
      theirs: z.boolean().nullable(),
      myValue: ZFactValue,
      threshold: z.union([z.number(), z.boolean(), z.null()]),
    }),
  ),
  /** What the notice already made public about the neighbour, if they were on one: masked name, building, amount. */
  neighbourPublic: z
    .object({ maskedName: z.string(), building: z.string(), amountFen: ZFen.nullable() })
    .nullable(),
});

export const ZListsQuery = z.object({ policyId: z.string().min(1).max(40), date: ZDate.optional() });
export const ZListEntry = z.object({
  household: ZHouseholdRef,
  outcome: z.enum(['eligible', 'not_eligible', 'needs_evidence']),
  amountFen: ZFen.nullable(),
  /** Plain-language reasons: the conditions failed (review) or the fact that all pass (outreach). */
  reasons: z.array(z.string()),
  /**
   * Outreach only: an application for this policy already under way (filed, reviewed, on public notice),
   * so a worker does not go and ask a household already on the notice board.
   */
  underway: z.enum(['filed', 'reviewed', 'on_notice']).nullable().default(null),
});
export const ZWelfareLists = z.object({
  policyId: z.string(),
  date: ZDate,
  evaluated: z.number().int(),
  /** Qualify but receive nothing. */
  outreach: z.array(ZListEntry),
  /** Receive but no longer qualify. */
  review: z.array(ZListEntry),
  /** Households with no facts recorded yet: they cannot be judged either way. */
  noFacts: z.number().int(),
});

export const ZParameterEffect = z.object({
  change: ZParameterChange,
  evaluated: z.number().int(),
  changes: z.array(
    z.object({
      household: ZHouseholdRef,
      before: z.object({ outcome: z.string(), amountFen: ZFen.nullable() }),
      after: z.object({ outcome: z.string(), amountFen: ZFen.nullable() }),
      reasons: z.array(z.string()),
    }),
  ),
});

export const ZHolidayVisitQuery = z.object({ date: ZDate.optional() });
export const ZHolidayVisitList = z.object({
  date: ZDate,
  visits: z.array(z.object({ household: ZHouseholdRef, reasons: z.array(z.string()) })),
  /** Households left out, for answering "why was I left out": evaluate the household for `holiday-visits`. */
  leftOut: z.number().int(),
});

// ——— Applications, public notice, objections, roster, emergency aid ———
/*
 *   POST /api/v1/welfare/applications                      ZApplicationInput → ZApplication (worker, committee)
 *   GET  /api/v1/welfare/applications?status&policyId&noticeId → ZApplicationList
 *   GET  /api/v1/welfare/applications/:id                  → ZApplication
 *   POST /api/v1/welfare/applications/:id/review           ZReviewInput → ZApplication (committee)
 *   POST /api/v1/welfare/applications/:id/approve          ZCloseInput → ZApplication (committee; notice over, objections answered)
 *   POST /api/v1/welfare/applications/:id/reject           ZCloseInput → ZApplication (committee)
 *   POST /api/v1/welfare/notices                           ZNoticeInput → ZNotice (worker, committee)
 *   GET  /api/v1/welfare/notices                           → ZNoticeList (running first, with days left)
 *   GET  /api/v1/welfare/notices/:id                       → ZNotice
 *   POST /api/v1/welfare/notices/:id/objections            ZObjectionInput → ZObjection (worker, committee)
 *   POST /api/v1/welfare/objections/:id/answer             ZObjectionAnswerInput → ZObjection
 *   GET  /api/v1/public/welfare/notices/:id                → ZPublicNotice (no sign-in: masked names, building, policy, amount)
 *   GET  /api/v1/welfare/roster?policyId                   → ZRoster (with yearly review due dates)
 *   POST /api/v1/welfare/emergency-grants                  ZGrantInput → ZGrant
 *   POST /api/v1/welfare/emergency-grants/:id/papers       ZGrantPapersInput → ZGrant
 *   GET  /api/v1/welfare/emergency-grants                  → ZGrantList (papers due and overdue first)
 */

export const ZDocumentItem = z.object({
  key: z.string().min(1).max(60),
  label: z.string().min(1).max(200),
  received: z.boolean(),
});

export const ZApplicationInput = z
  .object({
    householdId: z.uuid(),
    applicantResidentId: z.uuid(),
    policyId: z.string().min(1).max(40),
    documents: z.array(ZDocumentItem).max(30),
    note: z.string().max(2000).nullish(),
  })
  .strict();

export const ZApplicationStatus = z.enum([
  'filed',
  'reviewed',
  'on_notice',
  'approved',
  'rejected',
  'withdrawn',
]);
export const ZApplication = z.object({
  id: z.uuid(),
  household: ZHouseholdRef,
  applicantName: z.string(),
  policyId: z.string(),
  policyTitle: z.string(),
  status: ZApplicationStatus,
  documents: z.array(ZDocumentItem),
  missingDocuments: z.array(z.string()),
  decision: ZDecision,
  note: z.string().nullable(),
  filedBy: z.string(),
  filedAt: z.string(),
  reviewedBy: z.string().nullable(),
  reviewedAt: z.string().nullable(),
  reviewNote: z.string().nullable(),
  noticeId: z.string().nullable(),
  closedBy: z.string().nullable(),
  closedAt: z.string().nullable(),
  closeNote: z.string().nullable(),
});
export type TApplication = z.infer<typeof ZApplication>;
export const ZApplicationList = z.object({ applications: z.array(ZApplication.omit({ decision: true })) });
export const ZApplicationListQuery = z.object({
  status: ZApplicationStatus.optional(),
  policyId: z.string().max(40).optional(),
  /** The applications a notice carries: what its page decides on. */
  noticeId: z.uuid().optional(),
});

export const ZReviewInput = z.object({ approve: z.boolean(), note: z.string().max(2000).nullish() }).strict();
export const ZCloseInput = z.object({ note: z.string().max(2000).nullish() }).strict();

export const ZNoticeInput = z
  .object({
    policyId: z.string().min(1).max(40),
    applicationIds: z.array(z.uuid()).min(1).max(500),
    /** How to object: the office, a phone number, hours. Printed on the notice. */
    objectionContact: z.string().trim().min(1).max(300),
  })
  .strict();

export const ZObjection = z.object({
  id: z.uuid(),
  noticeId: z.uuid(),
  applicationId: z.uuid().nullable(),
  receivedAt: z.string(),
  channel: z.enum(['desk', 'phone', 'letter', 'public_page']),
  fromName: z.string().nullable(),
  text: z.string(),
  answer: z.string().nullable(),
  upheld: z.boolean().nullable(),
  answeredBy: z.string().nullable(),
  answeredAt: z.string().nullable(),
});
export const ZObjectionInput = z
  .object({
    applicationId: z.uuid().nullish(),
    channel: z.enum(['desk', 'phone', 'letter']),
    fromName: z.string().max(60).nullish(),
    fromPhone: z.string().max(30).nullish(),
    text: z.string().trim().min(1).max(4000),
  })
  .strict();
export const ZObjectionAnswerInput = z
  .object({ answer: z.string().trim().min(1).max(4000), upheld: z.boolean() })
  .strict();

export const ZNoticeEntry = z.object({
  applicationId: z.uuid(),
  /** 张*明: the family name and the last character, the middle hidden. */
  maskedName: z.string(),
  /** The building only, never the flat. */
  building: z.string(),
  amountFen: ZFen.nullable(),
});
export const ZNotice = z.object({
  id: z.uuid(),
  policyId: z.string(),
  policyTitle: z.string(),
  title: z.string(),
  startsOn: ZDate,
  endsOn: ZDate,
  /** Working days left, today included; 0 once it has ended. */
  workingDaysLeft: z.number().int(),
  objectionContact: z.string(),
  entries: z.array(ZNoticeEntry),
  objections: z.array(ZObjection),
  publishedAt: z.string(),
});
export const ZNoticeList = z.object({ notices: z.array(ZNotice.omit({ objections: true, entries: true })) });
export const ZPublicNotice = ZNotice.omit({ objections: true });

export const ZRosterEntry = z.object({
  id: z.uuid(),
  household: ZHouseholdRef,
  policyId: z.string(),
  amountFen: ZFen.nullable(),
  startsOn: ZDate,
  reviewDueOn: ZDate,
  reviewOverdue: z.boolean(),
  /** Set when a yearly review found the household no longer eligible; the row is ended, never deleted. */
  endedOn: ZDate.nullable(),
  endReason: z.string().nullable(),
});
export const ZRoster = z.object({ recipients: z.array(ZRosterEntry) });
/**
 *   POST /api/v1/welfare/roster/:id/review                 → ZRosterReview (worker, committee)
 * The yearly review keeps a new decision for today: eligible moves the next review a year on (and the
 * amount to the new one); not eligible ends the row; needs evidence leaves it due.
 */
export const ZRosterReview = z.object({ recipient: ZRosterEntry, decision: ZDecision });
export const ZRosterQuery = z.object({ policyId: z.string().max(40).optional() });

export const ZGrantInput = z
  .object({
    householdId: z.uuid(),
    decisionId: z.uuid().nullish(),
    hardship: z.enum(['illness', 'accident', 'disaster']),
    amountFen: ZFen.min(1).max(100_000_00),
    reason: z.string().trim().min(1).max(2000),
  })
  .strict();
export const ZGrantPapersInput = z
  .object({ completedOn: ZDate, note: z.string().max(2000).nullish() })
  .strict();
export const ZGrant = z.object({
  id: z.uuid(),
  household: ZHouseholdRef,
  hardship: z.enum(['illness', 'accident', 'disaster']),
  amountFen: ZFen,
  reason: z.string(),
  fastPath: z.boolean(),
  paidOn: ZDate,
  papersDueOn: ZDate.nullable(),
  papersCompletedOn: ZDate.nullable(),
  papersOverdue: z.boolean(),
  grantedBy: z.string(),
  createdAt: z.string(),
});
export const ZGrantList = z.object({ grants: z.array(ZGrant), totalFen: ZFen });

/*
 * Issue 20: the subdistrict grants too, and each role within its own limit — dated values of
 * `emergency-aid.yaml` (workerLimit, committeeLimit, subdistrictLimit). Above the caller's limit,
 * POST /api/v1/welfare/emergency-grants answers 202 with a ZGrantRequest that waits for the next role up
 * whose limit covers it (worker → committee → subdistrict; above the subdistrict's, the district, which
 * approves outside Linli) and says so in `message`.
 *   GET  /api/v1/welfare/emergency-grant-requests             → ZGrantRequestList (still waiting)
 *   POST /api/v1/welfare/emergency-grant-requests/:id/approve → ZGrant (a role at or above the one waited for, not the requester)
 *   GET  /api/v1/welfare/committee-desk                       → ZCommitteeDesk (what the community's committee is told)
 */
export const ZGrantApprover = z.enum(['worker', 'committee', 'subdistrict', 'district']);
export const ZGrantRequest = z.object({
  id: z.uuid(),
  household: ZHouseholdRef,
  hardship: z.enum(['illness', 'accident', 'disaster']),
  amountFen: ZFen,
  reason: z.string(),
  requestedBy: z.string(),
  requestedByRole: z.string(),
  waitsFor: ZGrantApprover,
  /** The requester's limit on the day asked, in fen. */
  requesterLimitFen: ZFen,
  /** In plain words, in the caller's language: above whose limit, and who must approve. */
  message: z.string(),
  requestedAt: z.string(),
});
export const ZGrantRequestList = z.object({ requests: z.array(ZGrantRequest) });
export const ZCommitteeDeskNote = z.object({
  id: z.uuid(),
  kind: z.enum(['emergency_grant', 'grant_request']),
  household: ZHouseholdRef,
  amountFen: ZFen,
  grantId: z.uuid().nullable(),
  requestId: z.uuid().nullable(),
  by: z.string(),
  byRole: z.string(),
  /** What happened, in plain words in the caller's language. */
  text: z.string(),
  createdAt: z.string(),
});
export const ZCommitteeDesk = z.object({ notes: z.array(ZCommitteeDeskNote) });
