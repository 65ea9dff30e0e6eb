import { useCallback, useEffect, useRef, useState } from 'react';
import { newIdempotencyKey } from '../lib/ids';
import { describeError } from '../services/http';
import { approveAtTill, askMemberApproval, fetchMemberApproval } from '../services/member-approval';
import type { CheckoutRequest, MemberApproval, PinEntryRequest } from '../services/types';

/** How often the till asks whether the member answered. */
export const APPROVAL_POLL_MS = 2_000;

/**
 * The till's side of a member approval: ask (one Idempotency-Key per body, so a double tap asks
 * once), poll the state while the member decides, or take the member's payment PIN or the one-time code on their card instead.
 */
export function useMemberApproval(storeId: string) {
  const [approval, setApproval] = useState<MemberApproval | null>(null);
  const [error, setError] = useState('');
  const attempt = useRef<{ bodyJson: string; key: string } | null>(null);

  const ask = useCallback(
    async (body: CheckoutRequest) => {
      const bodyJson = JSON.stringify(body);
      if (attempt.current?.bodyJson !== bodyJson) attempt.current = { bodyJson, key: newIdempotencyKey() };
      setError('');
      try {
        setApproval(await askMemberApproval(storeId, body, attempt.current.key));
        // The next ask (after a decline or a timeout) is a new request.
        attempt.current = null;
      } catch (failure) {
        setError(describeError(failure));
      }
    },
    [storeId],
  );

  const submitEntry = useCallback(
    async (entry: PinEntryRequest) => {
      if (!approval) return;
      setError('');
      try {
        setApproval(await approveAtTill(storeId, approval.approvalId, entry));
      } catch (failure) {
        setError(describeError(failure));
      }
    },
    [storeId, approval],
  );

  const pendingId = approval?.status === 'pending' ? approval.approvalId : null;
  useEffect(() => {
    if (!pendingId) return;
    const timer = setInterval(() => {
      fetchMemberApproval(storeId, pendingId)
        .then((latest) => setApproval((current) => (current?.approvalId === latest.approvalId ? latest : current)))
        .catch(() => {
          // A missed poll is retried on the next tick.
        });
    }, APPROVAL_POLL_MS);
    return () => clearInterval(timer);
  }, [storeId, pendingId]);

  const reset = useCallback(() => {
    setApproval(null);
    setError('');
  }, []);

  return { approval, error, ask, submitEntry, reset };
}
