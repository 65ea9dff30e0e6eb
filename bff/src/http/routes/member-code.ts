import {
  MemberCodeSecretResponseSchema,
  SubscriptionListResponseSchema,
  SubscriptionRequestSchema,
  SubscriptionResponseSchema,
} from '@tongka/shared-types';
import { inTransaction } from '../../db/tx';
import { getMemberCodeSecret, rotateMemberCodeSecret } from '../../domain/member-code/member-code-secret';
import { dataCryptoOf } from '../../domain/members/deps-helpers';
import { listSubscriptions, recordSubscription } from '../../domain/notifications/subscriptions';
import type { AuthContext } from '../auth-context';
import { type AnyRoute, defineRoute } from '../route';

const memberIdOf = (auth: AuthContext) => (auth.kind === 'member' ? auth.memberId : '');

export const memberCodeRoutes: AnyRoute[] = [
  defineRoute({
    method: 'get',
    path: '/api/me/member-code-secret',
    summary: "The member's TOTP secret for the dynamic member code (created on first fetch)",
    tag: 'member',
    auth: 'member',
    response: MemberCodeSecretResponseSchema,
    handle: ({ deps, auth }) =>
      inTransaction(deps.dataSource, (tx) =>
        getMemberCodeSecret(tx, dataCryptoOf(deps), memberIdOf(auth), deps.clock.now()),
      ),
  }),
  defineRoute({
    method: 'post',
    path: '/api/me/member-code-secret/rotate',
    summary: 'A new member-code secret; codes from the old one stop working',
    tag: 'member',
    auth: 'member',
    response: MemberCodeSecretResponseSchema,
    handle: ({ deps, auth }) =>
      inTransaction(deps.dataSource, (tx) =>
        rotateMemberCodeSecret(tx, dataCryptoOf(deps), memberIdOf(auth), deps.clock.now()),
      ),
  }),
  defineRoute({
    method: 'get',
    path: '/api/me/subscriptions',
    summary: 'The subscribe-message templates to ask for, and the unused accepts of each',
    tag: 'member',
    auth: 'member',
    response: SubscriptionListResponseSchema,
    handle: ({ deps, auth }) => listSubscriptions(deps.dataSource.manager, deps.config, memberIdOf(auth)),
  }),
  defineRoute({
    method: 'post',
    path: '/api/me/subscriptions',
    summary: 'Record the answer to a WeChat subscribe-message dialog (each accept allows one message)',
    tag: 'member',
    auth: 'member',
    body: SubscriptionRequestSchema,
    response: SubscriptionResponseSchema,
    handle: ({ deps, auth, body }) =>
      inTransaction(deps.dataSource, (tx) =>
        recordSubscription(tx, deps.config, { memberId: memberIdOf(auth), ...body, now: deps.clock.now() }),
      ),
  }),
];
