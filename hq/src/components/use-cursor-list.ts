import { useCallback, useEffect, useState } from 'react';
import { ApiError } from '../api/http';

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

/**
 * A server-paginated list ({items, nextCursor}): the server filters and pages, the table shows
 * one page; the cursors already seen make "previous" possible without an offset.
 */
export function useCursorList<T>(fetchPage: (cursor: string | undefined) => Promise<Page<T>>, deps: unknown[]) {
  const [cursors, setCursors] = useState<(string | undefined)[]>([undefined]);
  const [page, setPage] = useState<Page<T>>({ items: [], nextCursor: null });
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [reloadTick, setReloadTick] = useState(0);
  // biome-ignore lint/correctness/useExhaustiveDependencies: the caller's filters reset the pages
  useEffect(() => setCursors([undefined]), deps);
  const current = cursors[cursors.length - 1];
  // biome-ignore lint/correctness/useExhaustiveDependencies: fetchPage closes over deps
  useEffect(() => {
    let live = true;
    setLoading(true);
    setError(null);
    fetchPage(current)
      .then((answer) => live && setPage(answer))
      .catch((caught: unknown) => live && setError(caught instanceof ApiError ? caught.message : String(caught)))
      .finally(() => live && setLoading(false));
    return () => {
      live = false;
    };
  }, [cursors, reloadTick]);
  return {
    items: page.items,
    loading,
    error,
    pageNumber: cursors.length,
    hasNext: Boolean(page.nextCursor),
    hasPrevious: cursors.length > 1,
    next: () => page.nextCursor && setCursors([...cursors, page.nextCursor]),
    previous: () => setCursors(cursors.slice(0, -1)),
    reload: useCallback(() => setReloadTick((tick) => tick + 1), []),
  };
}
