import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { select } from '../../bff/src/db/tx';
import { importMembersCsv } from '../../bff/src/domain/import/import-members';
import { auditLedger, getMemberBalances } from '../../bff/src/domain/ledger';
import { memberIdByPhone } from '../../bff/src/domain/members/phone';
import { rejectedReport } from '../../scripts/src/commands/import-members';
import type { FakeWechat } from '../../scripts/src/fake-wechat';
import { bindPhone, bootBffWithFakeWechat, createStore, signInMember } from '../support/identity-fixtures';
import type { TestBff } from '../support/test-bff';

let bff: TestBff;
let fake: FakeWechat;

beforeAll(async () => {
  ({ bff, fake } = await bootBffWithFakeWechat());
  await createStore(bff, { code: 'POS1', name: 'POS store' });
});
afterAll(async () => {
  await bff.close();
  await fake.close();
});

const db = () => bff.db.dataSource.manager;
const crypto = () => bff.deps.dataCrypto!;

const FILE = [
  'phone,name,points,storedValueFen,registeredAt,tier',
  '+86 138-0000-0001,Wang,100,5000,2023-01-05,silver', // line 2
  '13800000002,"Li, Jr.",0,0,,', // line 3
  '0086 13800000001,Wang again,999,1,,', // line 4: duplicate of line 2
  '02188888888,Landline,5,0,,', // line 5: not a mobile
  '13800000003,Existing,30,200,,gold', // line 6: already a member via WeChat
  '13800000004,Bad points,-5,0,,', // line 7
  '13800000005,Bad tier,1,0,,platinum', // line 8
].join('\n');

describe('Legacy member import', () => {
  test('When a file has duplicates, bad rows and an existing member, Then members, balances and the report are right, and a re-run changes nothing', async () => {
    const existing = await signInMember(bff, fake, { openid: 'o-existing' });
    await bindPhone(bff, fake, existing.token, '13800000003');

    const dry = await importMembersCsv(bff.deps.dataSource, crypto(), FILE, {
      storeCode: 'POS1',
      dryRun: true,
      now: new Date(),
    });
    expect(dry).toMatchObject({ created: 2, existing: 1, pointsPosted: 130, dryRun: true });
    expect(await memberIdByPhone(db(), crypto(), '13800000001')).toBeNull();

    const summary = await importMembersCsv(bff.deps.dataSource, crypto(), FILE, { storeCode: 'POS1', now: new Date() });
    expect(summary).toMatchObject({ rows: 7, created: 2, existing: 1, pointsPosted: 130, storedValueFenPosted: 5200 });
    expect(summary.rejected.map((r) => [r.line, r.reason])).toEqual([
      [4, 'duplicate phone (first at line 2)'],
      [5, 'invalid phone'],
      [7, 'points must be a non-negative integer'],
      [8, 'tier must be one of basic|silver|gold|diamond'],
    ]);
    expect(summary.rejected[0].phone).toBe('138****0001');
    const dir = mkdtempSync(join(tmpdir(), 'tk-import-'));
    writeFileSync(join(dir, 'report.csv'), rejectedReport(summary));
    expect(readFileSync(join(dir, 'report.csv'), 'utf8').split('\n')[1]).toBe(
      '4,138****0001,duplicate phone (first at line 2)',
    );

    const wang = (await memberIdByPhone(db(), crypto(), '13800000001')) as string;
    expect(await getMemberBalances(db(), wang)).toMatchObject({ points: 100, storedValueFen: 5000 });
    const [wangRow] = await select<{ tier: string; name: string; home_store_id: string }>(
      db(),
      'SELECT tier, name, home_store_id FROM members WHERE id = ?',
      [wang],
    );
    expect(wangRow).toMatchObject({ tier: 'silver', name: 'Wang' });
    expect(await memberIdByPhone(db(), crypto(), '13800000003')).toBe(existing.memberId);
    expect(await getMemberBalances(db(), existing.memberId)).toMatchObject({ points: 30, storedValueFen: 200 });
    const [lot] = await select<{ issuing_store_id: string }>(
      db(),
      "SELECT issuing_store_id FROM ledger_lots WHERE member_id = ? AND asset = 'POINTS'",
      [wang],
    );
    expect(lot.issuing_store_id).toBe(wangRow.home_store_id);
    const kinds = await select<{ kind: string }>(
      db(),
      "SELECT DISTINCT kind FROM ledger_transfers WHERE cause_type = 'import'",
    );
    expect(kinds.map((k) => k.kind)).toEqual(['IMPORT']);

    const [{ n: membersBefore }] = await select<{ n: number }>(db(), 'SELECT COUNT(*) AS n FROM members');
    const [{ n: transfersBefore }] = await select<{ n: number }>(db(), 'SELECT COUNT(*) AS n FROM ledger_transfers');
    const again = await importMembersCsv(bff.deps.dataSource, crypto(), FILE, { storeCode: 'POS1', now: new Date() });
    expect(again).toMatchObject({ created: 0, existing: 3 });
    expect(again.rejected).toHaveLength(4);
    const [{ n: membersAfter }] = await select<{ n: number }>(db(), 'SELECT COUNT(*) AS n FROM members');
    const [{ n: transfersAfter }] = await select<{ n: number }>(db(), 'SELECT COUNT(*) AS n FROM ledger_transfers');
    expect(Number(membersAfter)).toBe(Number(membersBefore));
    expect(Number(transfersAfter)).toBe(Number(transfersBefore));
    expect(await getMemberBalances(db(), wang)).toMatchObject({ points: 100, storedValueFen: 5000 });
    expect((await auditLedger(bff.db.dataSource)).balanced).toBe(true);
  });

  test('When the store code or the header is wrong, Then the import refuses and writes nothing', async () => {
    const [{ n: before }] = await select<{ n: number }>(db(), 'SELECT COUNT(*) AS n FROM members');
    await expect(
      importMembersCsv(bff.deps.dataSource, crypto(), FILE, { storeCode: 'NOPE', now: new Date() }),
    ).rejects.toMatchObject({ code: 'STORE_NOT_FOUND' });
    await expect(
      importMembersCsv(bff.deps.dataSource, crypto(), 'mobile,points\n13800000009,1', {
        storeCode: 'POS1',
        now: new Date(),
      }),
    ).rejects.toThrow(/header/);
    const [{ n: after }] = await select<{ n: number }>(db(), 'SELECT COUNT(*) AS n FROM members');
    expect(Number(after)).toBe(Number(before));
  });
});
