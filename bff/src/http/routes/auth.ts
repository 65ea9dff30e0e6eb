import {
  AdminLoginRequestSchema,
  AdminLoginResponseSchema,
  WechatLoginRequestSchema,
  WechatLoginResponseSchema,
} from '@tongka/shared-types';
import { signInAdmin } from '../../domain/admins/sign-in-admin';
import { signInWithWechat } from '../../domain/identity/sign-in-with-wechat';
import { AppError } from '../../domain/shared/app-error';
import { issueAdminSession, issueMemberSession } from '../../sessions';
import type { AuthContext } from '../auth-context';
import { defineRoute } from '../route';

export const authRoutes = [
  defineRoute({
    method: 'post',
    path: '/api/auth/wechat-login',
    summary: 'Sign in with a wx.login code; creates the member on first login (rate-limited per client)',
    tag: 'identity',
    auth: 'none',
    body: WechatLoginRequestSchema,
    response: WechatLoginResponseSchema,
    rateLimit: ({ ctx }) => [['wechat-login', ctx.ip]],
    async handle({ body, deps }) {
      const { memberId, ...signedIn } = await signInWithWechat(deps, body);
      return { token: await issueMemberSession(deps.dataSource.manager, deps.config, memberId), ...signedIn };
    },
  }),
  defineRoute({
    method: 'post',
    path: '/api/admin/login',
    summary:
      'HQ administrator sign-in; 5 failures per username and client in 15 minutes (and wider caps per client and per username) answer 429 RATE_LIMITED',
    tag: 'admin',
    auth: 'none',
    body: AdminLoginRequestSchema,
    response: AdminLoginResponseSchema,
    async handle({ body, deps, ctx }) {
      const admin = await signInAdmin(deps, { ...body, client: ctx.ip });
      return { token: issueAdminSession(deps.config, admin), role: admin.role };
    },
  }),
];

/** The signed-in member (merge-resolved) or the HQ admin; mount-route has already checked the kind. */
export function memberIdOf(auth: AuthContext): string {
  if (auth.kind !== 'member') throw new AppError('UNAUTHENTICATED', 'Sign in first.');
  return auth.memberId;
}

export function adminIdOf(auth: AuthContext): string {
  if (auth.kind !== 'admin') throw new AppError('FORBIDDEN', 'Only HQ administrators may do this.');
  return auth.adminId;
}
