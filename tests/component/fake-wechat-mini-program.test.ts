import { join } from 'node:path';
import { InMemoryAccessTokenStore } from '../../bff/src/wechat/access-token-store';
import { WechatApiError, WechatUnavailableError } from '../../bff/src/wechat/errors';
import { MiniProgramClient } from '../../bff/src/wechat/mini-program-client';
import { type FakeWechat, startFakeWechat } from '../../scripts/src/fake-wechat';

const keysDir = join(__dirname, '../../.keys/test-fake-wechat');
let fake: FakeWechat;

beforeAll(async () => {
  fake = await startFakeWechat({ keysDir });
});
afterAll(() => fake.close());
beforeEach(() => fake.reset());

function client(store = new InMemoryAccessTokenStore(), timeoutMs = 2000) {
  return new MiniProgramClient({
    appid: fake.appid,
    secret: fake.secret,
    apiBase: fake.url,
    tokenStore: store,
    timeoutMs,
  });
}

async function control(path: string, body: unknown) {
  const response = await fetch(`${fake.url}/__control/${path}`, {
    method: 'POST',
    body: JSON.stringify(body),
  });
  return (await response.json()) as Record<string, unknown>;
}

async function stableToken(extra: Record<string, unknown> = {}) {
  const body = {
    grant_type: 'client_credential',
    appid: fake.appid,
    secret: fake.secret,
    ...extra,
  };
  const response = await fetch(`${fake.url}/cgi-bin/stable_token`, {
    method: 'POST',
    body: JSON.stringify(body),
  });
  return (await response.json()) as {
    access_token?: string;
    expires_in?: number;
    errcode?: number;
    errmsg?: string;
  };
}

describe('fake WeChat: login codes', () => {
  test('When a login code is used twice, Then the second use is HTTP 200 with errcode 40029 and a rid', async () => {
    const { code } = await control('login-code', {
      openid: 'o-alice',
      unionid: 'u-alice',
    });
    const session = await client().code2Session(String(code));
    expect(session).toEqual({
      openid: 'o-alice',
      unionid: 'u-alice',
      sessionKey: expect.any(String),
    });
    const url = `${fake.url}/sns/jscode2session?appid=${fake.appid}&secret=${fake.secret}&js_code=${code}&grant_type=authorization_code`;
    const again = await fetch(url);
    expect(again.status).toBe(200);
    const body = (await again.json()) as { errcode: number; errmsg: string };
    expect(body.errcode).toBe(40029);
    expect(body.errmsg).toMatch(/rid: \S+$/);
  });

  test('When the code is older than 5 minutes, Then it is refused with 40029', async () => {
    const code = fake.issueLoginCode('o-late');
    await control('advance-clock', { ms: 5 * 60 * 1000 + 1000 });
    await expect(client().code2Session(code)).rejects.toMatchObject({
      errcode: 40029,
    });
  });

  test('When appid or secret is wrong, Then 40013 / 40125', async () => {
    const code = fake.issueLoginCode('o-bob');
    const wrongAppid = new MiniProgramClient({
      appid: 'wxwrong',
      secret: fake.secret,
      apiBase: fake.url,
      tokenStore: new InMemoryAccessTokenStore(),
    });
    await expect(wrongAppid.code2Session(code)).rejects.toMatchObject({
      errcode: 40013,
    });
    const wrongSecret = new MiniProgramClient({
      appid: fake.appid,
      secret: 'nope',
      apiBase: fake.url,
      tokenStore: new InMemoryAccessTokenStore(),
    });
    await expect(wrongSecret.code2Session(code)).rejects.toMatchObject({
      errcode: 40125,
    });
  });
});

describe('fake WeChat: access tokens', () => {
  test('When stable_token is called twice, Then the same token comes back; force_refresh replaces and invalidates it', async () => {
    const first = await stableToken();
    const second = await stableToken();
    expect(first.errcode).toBeUndefined();
    expect(first.expires_in).toBe(7200);
    expect(second.access_token).toBe(first.access_token);
    const forced = await stableToken({ force_refresh: true });
    expect(forced.access_token).not.toBe(first.access_token);
    const reply = await fetch(`${fake.url}/wxa/getwxacodeunlimit?access_token=${first.access_token}`, {
      method: 'POST',
      body: '{"scene":"a=1"}',
    });
    expect(((await reply.json()) as { errcode: number }).errcode).toBe(40001);
  });

  test('When less than 5 minutes remain, Then stable_token issues a new token', async () => {
    const first = await stableToken();
    await control('advance-clock', { ms: (7200 - 200) * 1000 });
    const next = await stableToken();
    expect(next.access_token).not.toBe(first.access_token);
  });

  test('When the stored token was invalidated, Then the client re-fetches once and the call succeeds', async () => {
    const store = new InMemoryAccessTokenStore();
    const mini = client(store);
    fake.issueLoginCode('o-carol');
    await mini.sendSubscribeMessage({
      touser: 'o-carol',
      templateId: 'TEMPLATE_expiry_reminder_01',
      data: { thing1: 'Points expire' },
    });
    const before = await store.get(fake.appid);
    await control('expire-access-tokens', {});
    const sent = await mini.sendSubscribeMessage({
      touser: 'o-carol',
      templateId: 'TEMPLATE_expiry_reminder_01',
      data: { thing1: 'Again' },
    });
    expect(sent.msgid).toEqual(expect.any(Number));
    const after = await store.get(fake.appid);
    expect(after?.token).not.toBe(before?.token);
    expect(fake.state.subscribeMessages).toHaveLength(2);
  });

  test('When WeChat keeps answering 40001, Then the client retries only once and throws', async () => {
    const mini = client();
    fake.issueLoginCode('o-dave');
    fake.failNext({
      path: '/cgi-bin/message/subscribe/send',
      errcode: 40001,
      times: 3,
    });
    await expect(
      mini.sendSubscribeMessage({
        touser: 'o-dave',
        templateId: 'TEMPLATE_expiry_reminder_01',
        data: { thing1: 'x' },
      }),
    ).rejects.toMatchObject({
      errcode: 40001,
    });
    expect(fake.state.failures[0]?.remaining).toBe(1);
  });
});

describe('fake WeChat: phone numbers, codes and messages', () => {
  test('When a phone code is exchanged, Then the number comes back once, countryCode as a string', async () => {
    const { code } = await control('phone-code', {
      phoneNumber: '13800138000',
    });
    const info = await client().getPhoneNumber(String(code));
    expect(info).toMatchObject({
      phoneNumber: '13800138000',
      purePhoneNumber: '13800138000',
      countryCode: '86',
      watermark: { appid: fake.appid },
    });
    await expect(client().getPhoneNumber(String(code))).rejects.toBeInstanceOf(WechatApiError);
  });

  test('When a mini-program code is requested, Then a JPEG comes back; a bad scene is 40169 as JSON', async () => {
    const { contentType, image } = await client().getUnlimitedQrCode({
      scene: 'r=ABC123',
      page: 'pages/index/index',
      width: 430,
    });
    expect(contentType).toBe('image/jpeg');
    expect([...image.subarray(0, 3)]).toEqual([0xff, 0xd8, 0xff]);
    expect(image.length).toBeGreaterThan(1000);
    await expect(client().getUnlimitedQrCode({ scene: 'r=100%' })).rejects.toMatchObject({ errcode: 40169 });
    await expect(client().getUnlimitedQrCode({ scene: 'x'.repeat(33) })).rejects.toMatchObject({ errcode: 40169 });
    await expect(client().getUnlimitedQrCode({ scene: 'r=1', page: '/pages/index/index' })).rejects.toMatchObject({
      errcode: 41030,
    });
  });

  test('When a subscribe message field breaks its rule, Then 47003 names the field and nothing is recorded', async () => {
    fake.issueLoginCode('o-erin');
    const mini = client();
    const tooLong = mini.sendSubscribeMessage({
      touser: 'o-erin',
      templateId: 'TEMPLATE_expiry_reminder_01',
      data: { thing1: 'x'.repeat(21) },
    });
    await expect(tooLong).rejects.toMatchObject({
      errcode: 47003,
      errmsg: expect.stringContaining('thing1'),
    });
    const badTime = mini.sendSubscribeMessage({
      touser: 'o-erin',
      templateId: 'TEMPLATE_expiry_reminder_01',
      data: { time2: 'tomorrow' },
    });
    await expect(badTime).rejects.toMatchObject({ errcode: 47003 });
    const unknownUser = mini.sendSubscribeMessage({
      touser: 'o-nobody',
      templateId: 'TEMPLATE_expiry_reminder_01',
      data: { thing1: 'x' },
    });
    await expect(unknownUser).rejects.toMatchObject({ errcode: 40003 });
    await mini.sendSubscribeMessage({
      touser: 'o-erin',
      templateId: 'TEMPLATE_expiry_reminder_01',
      data: {
        thing1: '积分即将过期',
        time2: '2026年11月23日 15:01',
        number3: '120',
      },
    });
    const listed = (await (await fetch(`${fake.url}/__control/subscribe-messages`)).json()) as {
      items: Array<{ touser: string }>;
    };
    expect(listed.items.map((item) => item.touser)).toEqual(['o-erin']);
  });

  test('When subscriptions are enforced, Then each accepted subscription allows exactly one send (43101 after)', async () => {
    fake.issueLoginCode('o-fay');
    await control('settings', { enforceSubscriptions: true });
    try {
      await control('subscriptions', {
        openid: 'o-fay',
        templateId: 'TEMPLATE_expiry_reminder_01',
        count: 1,
      });
      const send = () =>
        client().sendSubscribeMessage({
          touser: 'o-fay',
          templateId: 'TEMPLATE_expiry_reminder_01',
          data: { thing1: 'x' },
        });
      await send();
      await expect(send()).rejects.toMatchObject({ errcode: 43101 });
    } finally {
      await control('settings', { enforceSubscriptions: false });
    }
  });
});

describe('fake WeChat: transport failures', () => {
  test('When the connection drops or WeChat is slow, Then WechatUnavailableError', async () => {
    const code = fake.issueLoginCode('o-gus');
    fake.failNext({ path: '/sns/jscode2session', reset: true });
    await expect(client().code2Session(code)).rejects.toBeInstanceOf(WechatUnavailableError);
    fake.failNext({ path: '/sns/jscode2session', delayMs: 500 });
    await expect(client(undefined, 100).code2Session(code)).rejects.toBeInstanceOf(WechatUnavailableError);
    fake.failNext({ path: '/sns/jscode2session', errcode: -1 });
    const busy = await client()
      .code2Session(code)
      .catch((error: unknown) => error);
    expect(busy).toBeInstanceOf(WechatApiError);
    expect((busy as WechatApiError).retryable).toBe(true);
  });
});
