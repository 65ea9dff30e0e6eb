import type { StoreList } from '@tongka/shared-types';
import { useEffect, useState } from 'react';
import { api, query } from '../api/http';
import { chainToday } from '../format';

/**
 * Store id → name for tables that carry ids: all stores, a page of 100 at a time; a read-only role
 * that may not list stores gets the names from the reports summary instead.
 */
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
    })().catch(async () => {
      const day = chainToday();
      const summary = await api
        .get<{ stores: Array<{ storeId: string; storeName: string }> }>(
          `/api/admin/reports/summary${query({ from: day, to: day })}`,
        )
        .catch(() => null);
      if (live && summary)
        setNames(new Map([['HQ', '总部'], ...summary.stores.map((s) => [s.storeId, s.storeName] as [string, string])]));
    });
    return () => {
      live = false;
    };
  }, []);
  return names;
}
