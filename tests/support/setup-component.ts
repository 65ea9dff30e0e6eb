// Loaded before every component-test file (jest setupFilesAfterEnv).
import { auditLedger } from '../../bff/src/domain/ledger';
import { registerSuiteCheck } from './suite-checks';

jest.setTimeout(60_000);

// Every suite that booted a BFF ends with the ledger audit: a test that leaves the ledger
// unbalanced, with a cached balance that disagrees with its transfers, a negative wallet or lots
// that do not add up to the balance fails, naming what is wrong.
registerSuiteCheck(async (dataSource) => {
  const audit = await auditLedger(dataSource);
  if (!audit.balanced) {
    const { balanced: _balanced, ...details } = audit;
    throw new Error(`Ledger audit failed after this suite: ${JSON.stringify(details, null, 2)}`);
  }
});
