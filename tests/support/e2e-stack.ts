import { defaultH5Dir, type Stack, startStack } from '../../scripts/src/demo/stack';
import { afterSuiteChecks } from './suite-checks';
import { testConfig } from './test-config';
import { createTestDatabase, type TestDatabase } from './test-db';

export interface E2eStack extends Stack {
  db: TestDatabase;
}

/** The whole product against a fresh MariaDB database, on random ports, for browser tests. */
export async function startE2eStack(): Promise<E2eStack> {
  const db = await createTestDatabase();
  const config = testConfig({ DATABASE_URL: db.url, ADMIN_USERNAME: 'hq', ADMIN_PASSWORD: 'hq-password-1' });
  const stack = await startStack({
    config,
    keysDir: '.keys/test-fake-wechat',
    fakeWechatPort: 0,
    h5Port: 0,
    h5Dir: defaultH5Dir(),
    dataSource: db.dataSource,
    migrate: false,
  });
  if (!stack.h5) throw new Error('miniprogram/dist/h5 is missing: run `npm run build:h5` first');
  return {
    ...stack,
    db,
    async close() {
      try {
        await afterSuiteChecks(db.dataSource);
      } finally {
        await stack.close();
        await db.drop();
      }
    },
  };
}
