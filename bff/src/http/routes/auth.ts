import {
  AdminLoginRequestSchema,
  AdminLoginResponseSchema,
  WechatLoginRequestSchema,
  WechatLoginResponseSchema,
} from '@tongka/shared-types';
import { signInAdmin } from '../../domain/admins/sign-in-admin';
import { signInWithWechat } from '../../domain/identity/sign-in-with-wechat';
import { AppError } from '../../domain/shared/app-error';
import type { AuthContext } from '../auth-context';
import { defineRoute } from '../route';

export const authRoutes = [
  defineRoute({
    method: 'post',
    path: '/api/auth/wechat-login',
    summary: 'Sign in with a wx.login code; creates the member on first login',
    tag: 'identity',
    auth: 'none',
    body: WechatLoginRequestSchema,
    response: WechatLoginResponseSchema,
    handle: ({ body, deps }) => signInWithWechat(deps, body),
  }),
  defineRoute({
    method: 'post',
    path: '/api/admin/login',
    summary: 'HQ administrator sign-in (throttled after repeated failures)',
    tag: 'admin',
    auth: 'none',
    body: AdminLoginRequestSchema,
    response: AdminLoginResponseSchema,
    handle: ({ body, deps }) => signInAdmin(deps, body),
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
