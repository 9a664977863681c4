import { useEffect } from 'react';
import { useApp } from '../../store/app-store';

/** Lets the Save button store whatever result the open calculator shows. */
export function usePublishResult(result: object | null): void {
  const publish = useApp((s) => s.setCurrentResult);
  useEffect(() => {
    publish(result ? (JSON.parse(JSON.stringify(result)) as Record<string, unknown>) : null);
  }, [result, publish]);
}
