import { useEffect } from 'react';
import { useApp } from '../../store/app-store';
import { MapEditor } from './MapEditor';
import { MapList } from './MapList';

/** The journeys tab: the list of maps, or the open map's board. */
export function JourneysPage() {
  const open = useApp((s) => s.openMap !== null);
  const refresh = useApp((s) => s.refreshJourneyMaps);
  useEffect(() => void refresh(), [refresh]);
  return open ? <MapEditor /> : <MapList />;
}
