import type { StoreList } from '@tongka/shared-types';
import { useEffect, useState } from 'react';
import { api, query } from '../api/http';

/** Store id → name for tables that carry ids (all stores, read a page of 100 at a time). */
export function useStoreNames(): Map<string, string> {
  const [names, setNames] = useState(new Map<string, string>([['HQ', '总部']]));
  useEffect(() => {
    let live = true;
    (async () => {
      const found = new Map<string, string>([['HQ', '总部']]);
      let cursor: string | undefined;
      for (let page = 0; page < 50; page++) {
        const answer = await api.get<StoreList>(`/api/admin/stores${query({ limit: 100, cursor })}`);
        for (const store of answer.items) found.set(store.id, store.name);
        if (!answer.nextCursor) break;
        cursor = answer.nextCursor;
      }
      if (live) setNames(found);
    })().catch(() => undefined);
    return () => {
      live = false;
    };
  }, []);
  return names;
}
