import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { statementPdf } from '../../src/server/care/money.statement';
import { PNG } from '../support/images';
import { careFixtures } from '../support/keysMoneyFixtures';
import { postFile } from '../support/multipart';
import { pdfPageCount, pdfText } from '../support/pdfText';
import { createTestApp, type SignedIn, signIn, type TestApp } from '../support/testApp';
import { DIALECTS } from '../support/testDatabase';

function multipart(bytes: Buffer, name = 'receipt.png') {
  const boundary = '----linli-test-boundary';
  const body = Buffer.concat([
    Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${name}"\r\nContent-Type: image/png\r\n\r\n`,
    ),
    bytes,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  return { body, contentType: `multipart/form-data; boundary=${boundary}` };
}

describe.each(DIALECTS)('money handled on a resident’s behalf on %s', (dialect) => {
  let t: TestApp;
  let worker: SignedIn;
  let committee: SignedIn;
  let leader: SignedIn;
  let party: SignedIn;
  let subdistrict: SignedIn;
  let f: Awaited<ReturnType<typeof careFixtures>>;
  const entry: Record<string, string> = {};

  const financeReads = () =>
    t.database.db
      .selectFrom('audit_event')
      .select(['resident_id', 'purpose', 'detail'])
      .where('action', '=', 'read.sensitive')
      .where('field_class', '=', 'finance')
      .orderBy('seq')
      .execute();

  beforeAll(async () => {
    t = await createTestApp(dialect);
    [worker, committee, leader, party, subdistrict] = await Promise.all([
      signIn(t.app, 'worker'),
      signIn(t.app, 'committee'),
      signIn(t.app, 'buildingleader'),
      signIn(t.app, 'partymember'),
      signIn(t.app, 'subdistrict'),
    ]);
    f = await careFixtures(t);
  });
  afterAll(async () => {
    await t.close();
  });

  it('there is no ledger until a worker opens one with its handler', async () => {
    expect((await worker.get(`/api/v1/care/residents/${f.residentId}/money`)).statusCode).toBe(404);
    expect(
      (
        await leader.post(`/api/v1/care/residents/${f.residentId}/money`, {
          handler: { positionId: f.leaderPositionId },
        })
      ).statusCode,
    ).toBe(403);
    const res = await worker.post(`/api/v1/care/residents/${f.residentId}/money`, {
      handler: { positionId: f.leaderPositionId },
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({
      balanceFen: 0,
      entries: [],
      handler: { positionId: f.leaderPositionId },
    });
  });

  it('the handler records money received and spent in fen; the balance runs', async () => {
    const url = `/api/v1/care/residents/${f.residentId}/money/entries`;
    const received = await leader.post(url, {
      kind: 'received',
      amountFen: 500_000,
      occurredOn: '2026-11-01',
      counterparty: '儿子曹建国',
      purpose: '十一月生活费',
    });
    expect(received.statusCode, received.body).toBe(200);
    entry.received = received.json().id;
    const fee = await leader.post(url, {
      kind: 'spent',
      amountFen: 320_050,
      occurredOn: '2026-11-05',
      counterparty: '幸福养老院',
      purpose: '十一月护理费',
    });
    entry.fee = fee.json().id;
    expect(fee.json()).toMatchObject({ number: 2, signedFen: -320_050, balanceFen: 179_950 });
    const float = await leader.post(url, { kind: 'spent', amountFen: 12.5, counterparty: 'x', purpose: 'y' });
    expect(float.statusCode).toBe(400);
    const ledger = (await leader.get(`/api/v1/care/residents/${f.residentId}/money`)).json();
    expect(ledger.balanceFen).toBe(179_950);
    expect(ledger.entries.map((e: { balanceFen: number }) => e.balanceFen)).toEqual([500_000, 179_950]);
  });

  it('a correction is a new entry naming the corrected one; the original stays as it was', async () => {
    // The fee was really 3,000.50 yuan, not 3,200.50.
    const res = await leader.post(`/api/v1/care/money/entries/${entry.fee}/corrections`, {
      correctAmountFen: 300_050,
      reason: '金额记错了，收据上是 3000.50 元',
      occurredOn: '2026-11-06',
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({
      kind: 'correction',
      signedFen: 20_000,
      correctsEntryId: entry.fee,
      correctsNumber: 2,
      balanceFen: 199_950,
    });
    entry.correction = res.json().id;
    // Correcting the correction corrects the original again.
    const again = await leader.post(`/api/v1/care/money/entries/${entry.correction}/corrections`, {
      correctAmountFen: 300_050,
      reason: 'x',
    });
    expect(again.json().error.code).toBe('care.money_correction_same');
    const ledger = (await worker.get(`/api/v1/care/residents/${f.residentId}/money`)).json();
    const original = ledger.entries.find((e: { id: string }) => e.id === entry.fee);
    expect(original).toMatchObject({ signedFen: -320_050, effectiveFen: -300_050, correctedBy: [3] });
    expect(ledger.entries).toHaveLength(3);
    expect(ledger.balanceFen).toBe(199_950);
  });

  it('the database refuses to edit or delete a ledger entry', async () => {
    const db = t.database.db;
    await expect(
      sql`UPDATE care_money_entry SET amount_fen = 1 WHERE id = ${entry.fee}`.execute(db),
    ).rejects.toThrow(/append-only/);
    await expect(sql`DELETE FROM care_money_entry WHERE id = ${entry.fee}`.execute(db)).rejects.toThrow(
      /append-only/,
    );
    const row = await db
      .selectFrom('care_money_entry')
      .select('amount_fen')
      .where('id', '=', entry.fee as string)
      .executeTakeFirstOrThrow();
    expect(Number(row.amount_fen)).toBe(-320_050);
  });

  it('a receipt photo is checked by its content', async () => {
    const bad = multipart(Buffer.from('%PDF-1.4 not an image'), 'receipt.png');
    const refused = await t.app.inject({
      method: 'POST',
      url: `/api/v1/care/money/entries/${entry.fee}/receipts`,
      payload: bad.body,
      headers: { cookie: leader.cookie, 'x-csrf-token': leader.csrfToken, 'content-type': bad.contentType },
    });
    expect(refused.statusCode).toBe(415);
    const pageRefused = await postFile(leader, `/api/v1/care/money/entries/${entry.fee}/receipts`, {
      content: Buffer.concat([PNG.subarray(0, 33), Buffer.from('<html>not a receipt</html>')]),
      filename: 'receipt.png',
    });
    expect(pageRefused.statusCode).toBe(422);
    expect(pageRefused.json().error.code).toBe('reports.photo_unreadable');
    const ok = multipart(PNG);
    const res = await t.app.inject({
      method: 'POST',
      url: `/api/v1/care/money/entries/${entry.fee}/receipts`,
      payload: ok.body,
      headers: { cookie: leader.cookie, 'x-csrf-token': leader.csrfToken, 'content-type': ok.contentType },
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ mime: 'image/png', bytes: PNG.length });
    const image = await worker.get(`/api/v1/care/money/entries/${entry.fee}/receipts/${res.json().id}`);
    expect(image.statusCode).toBe(200);
    expect(image.rawPayload.equals(PNG)).toBe(true);
    expect(
      (await party.get(`/api/v1/care/money/entries/${entry.fee}/receipts/${res.json().id}`)).statusCode,
    ).toBe(404);
  });

  it('only the handler, workers and the committee see the ledger; each read is audited', async () => {
    const before = (await financeReads()).length;
    for (const s of [worker, committee, leader]) {
      expect((await s.get(`/api/v1/care/residents/${f.residentId}/money`)).statusCode).toBe(200);
    }
    const reads = await financeReads();
    expect(reads.length).toBe(before + 3);
    expect(reads.slice(-3).every((r) => r.resident_id === f.residentId)).toBe(true);
    expect(JSON.stringify(reads)).not.toMatch(/320050|养老院/);
    const above = await party.get(`/api/v1/care/residents/${f.residentId}/money`);
    expect(above.statusCode).toBe(404);
    expect(above.json().error.code).toBe('care.money_not_found');
    expect(
      (
        await party.post(`/api/v1/care/residents/${f.residentId}/money/entries`, {
          kind: 'spent',
          amountFen: 100,
          counterparty: 'x',
          purpose: 'y',
        })
      ).statusCode,
    ).toBe(404);
    expect((await subdistrict.get(`/api/v1/care/residents/${f.residentId}/money`)).statusCode).toBe(403);
    // Handing the money to someone else ends the leader's view at once.
    await worker.post(`/api/v1/care/residents/${f.otherOwnResidentId}/money`, {
      handler: { name: '侄女小曹' },
    });
    expect((await leader.get(`/api/v1/care/residents/${f.otherOwnResidentId}/money`)).statusCode).toBe(404);
  });

  it('family contacts with their consent; those who agreed are named on the statement', async () => {
    const add = await leader.post(`/api/v1/care/residents/${f.residentId}/family`, {
      name: '曹建国',
      relation: '儿子',
      phone: '13900000000',
      consentToBeTold: true,
      consentDate: '2026-10-01',
    });
    expect(add.statusCode, add.body).toBe(200);
    t.clock.advanceMinutes(1);
    const niece = await worker.post(`/api/v1/care/residents/${f.residentId}/family`, {
      name: '曹小梅',
      relation: '侄女',
      consentToBeTold: false,
    });
    expect(niece.json()).toMatchObject({ consentToBeTold: false, consentDate: '2026-11-29' });
    const patched = await t.app.inject({
      method: 'PATCH',
      url: `/api/v1/care/family/${niece.json().id}`,
      payload: { consentToBeTold: true, consentDate: '2026-11-20' },
      headers: { cookie: worker.cookie, 'x-csrf-token': worker.csrfToken },
    });
    expect(patched.json()).toMatchObject({ consentToBeTold: true, consentDate: '2026-11-20' });
    const list = (await leader.get(`/api/v1/care/residents/${f.residentId}/family`)).json().items;
    expect(list.map((c: { name: string }) => c.name)).toEqual(['曹建国', '曹小梅']);
    expect((await party.get(`/api/v1/care/residents/${f.elsewhereResidentId}/family`)).statusCode).toBe(404);
  });

  it('the monthly statement: totals, its entries, large print, and a real PDF', async () => {
    const res = await leader.get(`/api/v1/care/residents/${f.residentId}/money/statement?month=2026-11`);
    expect(res.statusCode, res.body).toBe(200);
    const s = res.json();
    expect(s).toMatchObject({
      openingBalanceFen: 0,
      receivedFen: 500_000,
      spentFen: 320_050,
      correctionsFen: 20_000,
      closingBalanceFen: 199_950,
    });
    expect(s.entries).toHaveLength(3);
    expect(s.familyToTell.map((x: { name: string }) => x.name)).toEqual(['曹建国', '曹小梅']);
    const december = (
      await leader.get(`/api/v1/care/residents/${f.residentId}/money/statement?month=2026-12`)
    ).json();
    expect(december).toMatchObject({ openingBalanceFen: 199_950, closingBalanceFen: 199_950, entries: [] });

    const html = await leader.get(
      `/api/v1/care/residents/${f.residentId}/money/statement.html?month=2026-11`,
    );
    expect(html.statusCode).toBe(200);
    expect(html.headers['content-type']).toMatch(/text\/html/);
    expect(html.body).toContain('十一月护理费');
    expect(html.body).toContain('1,999.50 元');
    expect(html.body).toMatch(/font-size: 24px/);

    const before = (await financeReads()).length;
    const pdf = await leader.get(`/api/v1/care/residents/${f.residentId}/money/statement.pdf?month=2026-11`);
    expect(pdf.statusCode, pdf.body.slice(0, 200)).toBe(200);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    const bytes = pdf.rawPayload;
    expect(bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(pdfPageCount(bytes)).toBeGreaterThanOrEqual(1);
    const text = pdfText(bytes);
    expect(text).toContain('十一月护理费');
    expect(text).toContain('十一月生活费');
    expect(text).toContain('1,999.50');
    expect(text).toContain('更正第 2 笔');
    const reads = await financeReads();
    expect(reads.length).toBe(before + 1);
    expect(reads.at(-1)?.purpose).toBe('statement.pdf');
    // The Chinese font comes from the npm dependencies and is embedded, subset to what is printed.
    expect(bytes.toString('latin1')).toMatch(/\/FontFile2/);
    expect(bytes.length).toBeLessThan(400_000);

    expect(
      (await party.get(`/api/v1/care/residents/${f.residentId}/money/statement.pdf?month=2026-11`))
        .statusCode,
    ).toBe(404);
    expect(
      (await leader.get(`/api/v1/care/residents/${f.residentId}/money/statement.pdf?month=2026-13`))
        .statusCode,
    ).toBe(400);
  });

  it('errands: monthly on the 5th, due and overdue per person, done once, the fee into the ledger', async () => {
    const res = await worker.post('/api/v1/care/errands', {
      residentId: f.residentId,
      kind: 'pay_fee',
      title: '交养老院护理费',
      schedule: { kind: 'monthly', day: 5 },
      startsOn: '2026-11-01',
      doer: { positionId: f.leaderPositionId },
      expectedFen: 300_050,
      counterparty: '幸福养老院',
    });
    expect(res.statusCode, res.body).toBe(200);
    const fee = res.json();
    // Today is 2026-11-29: the 5 November one is overdue.
    expect(fee).toMatchObject({ nextDueOn: '2026-11-05', status: 'overdue', overdueCount: 1 });
    const medicine = await worker.post('/api/v1/care/errands', {
      residentId: f.residentId,
      kind: 'collect_medicine',
      title: '取降压药',
      schedule: { kind: 'every_weeks', every: 2 },
      startsOn: '2026-11-15',
      doer: { positionId: f.leaderPositionId },
    });
    expect(medicine.json()).toMatchObject({ nextDueOn: '2026-11-15', status: 'overdue', overdueCount: 1 });
    const fetched = await leader.post(`/api/v1/care/errands/${medicine.json().id}/done`, {});
    expect(fetched.json()).toMatchObject({ nextDueOn: '2026-11-29', status: 'due_today', overdueCount: 0 });

    const due = (await leader.get('/api/v1/care/errands/due')).json();
    expect(due.today).toBe('2026-11-29');
    expect(due.people).toHaveLength(1);
    expect(due.people[0].doer.positionId).toBe(f.leaderPositionId);
    expect(due.people[0].errands.map((e: { title: string }) => e.title)).toEqual([
      '交养老院护理费',
      '取降压药',
    ]);
    expect((await party.get('/api/v1/care/errands/due')).json().people).toEqual([]);
    expect((await party.get(`/api/v1/care/errands/${fee.id}`)).statusCode).toBe(404);

    const done = await leader.post(`/api/v1/care/errands/${fee.id}/done`, {
      spent: { amountFen: 300_050 },
      note: '收据已拍照',
    });
    expect(done.statusCode, done.body).toBe(200);
    expect(done.json()).toMatchObject({ nextDueOn: '2026-12-05', status: 'upcoming' });
    expect(done.json().done[0]).toMatchObject({ dueOn: '2026-11-05' });
    const twice = await leader.post(`/api/v1/care/errands/${fee.id}/done`, { dueOn: '2026-11-05' });
    expect(twice.json().error.code).toBe('care.errand_already_done');
    const wrongDay = await leader.post(`/api/v1/care/errands/${fee.id}/done`, { dueOn: '2026-12-06' });
    expect(wrongDay.json().error.code).toBe('care.errand_not_due_then');
    const ledger = (await leader.get(`/api/v1/care/residents/${f.residentId}/money`)).json();
    const last = ledger.entries.at(-1);
    expect(last).toMatchObject({
      kind: 'spent',
      signedFen: -300_050,
      errandId: fee.id,
      counterparty: '幸福养老院',
    });
    expect(ledger.balanceFen).toBe(199_950 - 300_050);
    const after = (await leader.get('/api/v1/care/errands/due')).json();
    expect(after.people[0].errands.map((e: { title: string }) => e.title)).toEqual(['取降压药']);
  });
});
