import { ConfigError, cliConfigMode, demoDefaults, loadConfig } from './index';

const complete = {
  DATABASE_URL: 'mysql://root@127.0.0.1:3306/test',
  JWT_SECRET: 'x'.repeat(32),
  DATA_KEY: Buffer.alloc(32, 1).toString('base64'),
  WECHAT_APPID: 'wx1',
  WECHAT_SECRET: 's',
};

describe('loadConfig', () => {
  test('When every required setting is present, Then defaults fill the rest', () => {
    const config = loadConfig(complete);
    expect(config.PORT).toBe(3000);
    expect(config.WECHAT_API_BASE).toBe('https://api.weixin.qq.com');
    expect(config.CHAIN_TIME_ZONE).toBe('Asia/Shanghai');
  });

  test.each(['DATABASE_URL', 'JWT_SECRET', 'DATA_KEY', 'WECHAT_APPID', 'WECHAT_SECRET'])(
    'When %s is missing in production, Then the error names it',
    (name) => {
      const env: Record<string, string> = { ...complete };
      delete env[name];
      expect(() => loadConfig(env)).toThrow(new ConfigError(name, 'is missing'));
    },
  );

  test('When DATA_KEY is not 32 bytes, Then the error names DATA_KEY', () => {
    expect(() => loadConfig({ ...complete, DATA_KEY: 'c2hvcnQ=' })).toThrow(/DATA_KEY/);
  });

  test('When PORT is not a number, Then the error names PORT', () => {
    expect(() => loadConfig({ ...complete, PORT: 'eighty' })).toThrow(/PORT/);
  });

  test('When the demo points at a MySQL server without its own secrets, Then it refuses, naming every one to give', () => {
    expect(() => loadConfig({ DATABASE_URL: 'mysql://root:pw@db.example:3306/chain' }, 'demo')).toThrow(
      /JWT_SECRET: is missing.*set JWT_SECRET, DATA_KEY, ADMIN_PASSWORD/,
    );
    expect(() => loadConfig({ DATABASE_URL: 'mysql://root:pw@db.example:3306/chain' }, 'demo')).not.toThrow(/pw@/);
    const own = {
      DATABASE_URL: 'mysql://root@127.0.0.1:3306/chain',
      JWT_SECRET: 'own-secret-0123456789abcdef',
      DATA_KEY: Buffer.alloc(32, 9).toString('base64'),
      ADMIN_PASSWORD: 'own-password-1',
    };
    expect(loadConfig(own, 'demo').JWT_SECRET).toBe(own.JWT_SECRET);
    expect(loadConfig({ DATABASE_URL: 'sqlite:/tmp/other-demo.sqlite' }, 'demo').JWT_SECRET).toBe(
      demoDefaults.JWT_SECRET,
    );
  });

  test('When HOST is not set, Then the BFF binds all interfaces, and the demo only the loopback', () => {
    expect(loadConfig(complete).HOST).toBe('0.0.0.0');
    expect(loadConfig({}, 'demo').HOST).toBe('127.0.0.1');
  });

  test('When in demo mode, Then demo defaults are used, but never in production mode', () => {
    expect(loadConfig({}, 'demo').DATABASE_URL).toMatch(/^sqlite:/);
    expect(() => loadConfig({})).toThrow(ConfigError);
  });

  test('When several settings are missing, Then one error names every one of them', () => {
    const { DATABASE_URL: _url, ...rest } = complete;
    let thrown: ConfigError | null = null;
    try {
      loadConfig({ ...rest, JWT_SECRET: 'short', DATA_KEY: '', WECHAT_SECRET: '' });
    } catch (error) {
      thrown = error as ConfigError;
    }
    expect(thrown?.problems.map((p) => p.setting).sort()).toEqual([
      'DATABASE_URL',
      'DATA_KEY',
      'JWT_SECRET',
      'WECHAT_SECRET',
    ]);
    expect(thrown?.message).toBe(
      'Invalid settings: DATABASE_URL is missing; JWT_SECRET must be at least 16 characters; DATA_KEY is missing; WECHAT_SECRET is missing',
    );
  });
});

describe('cliConfigMode', () => {
  test("When the CLI points at the demo's SQLite file, Then it takes the demo's settings; anything else is production", () => {
    expect(cliConfigMode({ DATABASE_URL: 'sqlite:data/tongka-demo.sqlite' }, '/repo')).toBe('demo');
    expect(cliConfigMode({ DATABASE_URL: 'sqlite:/repo/data/tongka-demo.sqlite' }, '/repo')).toBe('demo');
    expect(cliConfigMode({ DATABASE_URL: 'sqlite:data/other.sqlite' }, '/repo')).toBe('production');
    expect(cliConfigMode({ DATABASE_URL: 'mysql://root@127.0.0.1:3306/tongka' }, '/repo')).toBe('production');
    expect(cliConfigMode({}, '/repo')).toBe('production');
  });
});
