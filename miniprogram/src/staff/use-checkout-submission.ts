import { useCallback, useRef, useState } from 'react';
import { newIdempotencyKey, newOrderRef } from '../lib/ids';
import { submitCheckout } from '../services/staff';
import type { CheckoutRequest, CheckoutResponse } from '../services/types';

interface Attempt {
  bodyJson: string;
  idempotencyKey: string;
}

/**
 * Charging exactly once. One orderRef per checkout, and one Idempotency-Key per request body,
 * kept until the submit succeeds: a retry after a timeout or a double tap replays the first
 * request instead of charging again. Changing the order after a refusal needs a new key (the BFF
 * answers 409 to a reused key with another body), while the unchanged orderRef still guards
 * against a second charge if the lost first attempt did go through.
 */
export function useCheckoutSubmission(storeId: string) {
  const [orderRef, setOrderRef] = useState(() => newOrderRef());
  const attempt = useRef<Attempt | null>(null);
  const inFlight = useRef<Promise<CheckoutResponse> | null>(null);
  const [submitting, setSubmitting] = useState(false);

  const submit = useCallback(
    (body: CheckoutRequest): Promise<CheckoutResponse> => {
      if (inFlight.current) return inFlight.current;
      const bodyJson = JSON.stringify(body);
      if (!attempt.current || attempt.current.bodyJson !== bodyJson) {
        attempt.current = { bodyJson, idempotencyKey: newIdempotencyKey() };
      }
      setSubmitting(true);
      const pending = submitCheckout(storeId, body, attempt.current.idempotencyKey)
        .then((result) => {
          // Done: the next checkout is a new order with a new key.
          attempt.current = null;
          setOrderRef(newOrderRef());
          return result;
        })
        .finally(() => {
          inFlight.current = null;
          setSubmitting(false);
        });
      inFlight.current = pending;
      return pending;
    },
    [storeId],
  );

  return { orderRef, submit, submitting };
}
