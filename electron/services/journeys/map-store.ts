import { randomUUID } from 'node:crypto';
import { ErrorCode, WorkbenchError } from '../../../shared/api/result';
import type { JourneyMapSummary, SavedJourneyMap } from '../../../shared/journeys/maps-contract';
import { parseJourneyMap, type JourneyMap, type JourneyMapInput } from '../../../shared/journeys/map';
import type { Migration, Store } from '../store/store';

export const journeyMigrations: Migration[] = [
  {
    version: 1,
    name: 'journey maps',
    sql: `
      CREATE TABLE journey_maps (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        map_json TEXT NOT NULL,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
      );
    `,
  },
];

interface Row {
  id: string;
  map_json: string;
  created_at: string;
  updated_at: string;
}

/** Journey maps in the workspace's SQLite file, one row per map with the map as JSON. */
export class MapStore {
  constructor(private readonly store: Store) {
    store.migrate('journeys', journeyMigrations);
  }

  list(): JourneyMapSummary[] {
    const rows = this.store.db.prepare('SELECT * FROM journey_maps ORDER BY updated_at DESC, name').all() as Row[];
    return rows.map((r) => {
      const m = this.fromRow(r);
      return {
        id: m.id,
        name: m.name,
        version: m.version,
        persona: m.persona.name,
        stages: m.stages.length,
        cards: m.cards.length,
        bound: Boolean(m.binding),
        updatedAt: m.updatedAt,
      };
    });
  }

  get(id: string): SavedJourneyMap {
    const row = this.store.db.prepare('SELECT * FROM journey_maps WHERE id = ?').get(id) as Row | undefined;
    if (!row) throw new WorkbenchError(ErrorCode.NotFound, `id: no journey map "${id}" in this workspace.`, { field: 'id' });
    return this.fromRow(row);
  }

  /** Creates a map (it gets an id) or replaces the one with its id; the request schema has validated it. */
  save(input: JourneyMapInput): SavedJourneyMap {
    const map: JourneyMap = { ...input, id: input.id ?? randomUUID() };
    const now = this.store.stamp();
    const db = this.store.db;
    const existing = db.prepare('SELECT created_at FROM journey_maps WHERE id = ?').get(map.id) as { created_at: string } | undefined;
    db.transaction(() => {
      db.prepare(
        `INSERT INTO journey_maps (id, name, map_json, created_at, updated_at) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT(id) DO UPDATE SET name = excluded.name, map_json = excluded.map_json, updated_at = excluded.updated_at`,
      ).run(map.id, map.name, JSON.stringify(map), existing?.created_at ?? now, now);
      if (!existing) this.store.audit('journey.create', `${map.name} (${map.id})`);
    })();
    return { ...map, createdAt: existing?.created_at ?? now, updatedAt: now };
  }

  delete(id: string): { removed: true } {
    const name = this.get(id).name;
    this.store.db.prepare('DELETE FROM journey_maps WHERE id = ?').run(id);
    this.store.audit('journey.delete', `${name} (${id})`);
    return { removed: true };
  }

  private fromRow(r: Row): SavedJourneyMap {
    return { ...parseJourneyMap(JSON.parse(r.map_json)), createdAt: r.created_at, updatedAt: r.updated_at };
  }
}
