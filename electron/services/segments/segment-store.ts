import { randomUUID } from 'node:crypto';
import { ErrorCode, WorkbenchError } from '../../../shared/api/result';
import type { Segment, SegmentSource } from '../../../shared/segments/segment';
import type { Migration, Store } from '../store/store';

export const segmentMigrations: Migration[] = [
  {
    version: 1,
    name: 'segments',
    sql: `
      CREATE TABLE segments (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL UNIQUE,
        description TEXT,
        source_json TEXT NOT NULL,
        lineage_json TEXT NOT NULL,
        count INTEGER NOT NULL,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
      );
    `,
  },
];

interface Row {
  id: string;
  name: string;
  description: string | null;
  source_json: string;
  lineage_json: string;
  count: number;
  created_at: string;
  updated_at: string;
}

export type NewSegment = Pick<Segment, 'name' | 'description' | 'source' | 'lineage' | 'count'>;

/** Segments in the workspace's SQLite file: one row per segment with its definition (the rule) as JSON. */
export class SegmentStore {
  constructor(private readonly store: Store) {
    store.migrate('segments', segmentMigrations);
  }

  list(): Segment[] {
    return (this.store.db.prepare('SELECT * FROM segments ORDER BY created_at DESC, name').all() as Row[]).map(fromRow);
  }

  get(id: string): Segment {
    const row = this.store.db.prepare('SELECT * FROM segments WHERE id = ?').get(id) as Row | undefined;
    if (!row) throw new WorkbenchError(ErrorCode.NotFound, `id: no segment "${id}" in this workspace.`, { field: 'id' });
    return fromRow(row);
  }

  /** Refuses a name another segment of the workspace has (before any work is done to count it). */
  checkName(name: string): void {
    if (this.store.db.prepare('SELECT 1 FROM segments WHERE name = ?').get(name))
      throw new WorkbenchError(
        ErrorCode.InvalidArgument,
        `name: a segment named "${name}" already exists in this workspace; choose another name.`,
        {
          field: 'name',
        },
      );
  }

  save(s: NewSegment): Segment {
    const now = this.store.stamp();
    const segment: Segment = { id: randomUUID(), ...s, createdAt: now, updatedAt: now };
    const db = this.store.db;
    db.transaction(() => {
      this.checkName(s.name);
      db.prepare(
        `INSERT INTO segments (id, name, description, source_json, lineage_json, count, created_at, updated_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
      ).run(segment.id, s.name, s.description ?? null, JSON.stringify(s.source), JSON.stringify(s.lineage), s.count, now, now);
      this.store.audit('segment.save', `${s.name} (${segment.id}): ${s.count} customers`);
    })();
    return segment;
  }

  delete(id: string): { removed: true } {
    const { name } = this.get(id);
    const db = this.store.db;
    db.transaction(() => {
      db.prepare('DELETE FROM segments WHERE id = ?').run(id);
      this.store.audit('segment.delete', `${name} (${id})`);
    })();
    return { removed: true };
  }
}

function fromRow(r: Row): Segment {
  const s: Segment = {
    id: r.id,
    name: r.name,
    source: JSON.parse(r.source_json) as SegmentSource,
    lineage: JSON.parse(r.lineage_json) as Segment['lineage'],
    count: r.count,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
  if (r.description !== null) s.description = r.description;
  return s;
}
