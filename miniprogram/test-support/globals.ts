// Build-time constants that config/index.ts defines for real builds.
(globalThis as Record<string, unknown>).TONGKA_API_BASE_DEFAULT = 'http://bff.test';
(globalThis as Record<string, unknown>).TONGKA_FAKE_WECHAT_BASE_DEFAULT = 'http://wx.test';
