/**
 * Mermaid `journey` diagrams to and from maps:
 *
 *   journey
 *     title Buying a lamp
 *     section Discover
 *       Visit the site: 4: Shopper
 *
 * A section is a stage; a task is a card in the map's first actions lane, its score 1..5 the card's
 * emotion −2..+2 (score − 3). Actors are the persona (the first actor names it on import).
 */
import { EMOTION_MAX, EMOTION_MIN, emotionCurve, type JourneyMap, type JourneyMapInput } from './map';

export const MERMAID_SCORE_MIN = 1;
export const MERMAID_SCORE_MAX = 5;

export const emotionToScore = (emotion: number) => Math.round(emotion) + 3;
export const scoreToEmotion = (score: number) => Math.max(EMOTION_MIN, Math.min(EMOTION_MAX, score - 3));

/** Colons and line breaks end a Mermaid field, so they become a dash and a space in a task's text. */
const clean = (s: string) =>
  s
    .replace(/\s*:\s*/g, ' - ')
    .replace(/\s+/g, ' ')
    .trim();

export function toMermaid(m: JourneyMap | JourneyMapInput): string {
  const actionLane = m.lanes.find((l) => l.kind === 'actions');
  const curve = emotionCurve({ ...m, id: m.id ?? 'map' });
  const actor = clean(m.persona.name).replace(/,/g, ' ') || 'Customer';
  const lines = ['journey', `  title ${clean(m.name)}`];
  m.stages.forEach((s, i) => {
    lines.push(`  section ${clean(s.name)}`);
    const tasks = actionLane ? m.cards.filter((c) => c.stageId === s.id && c.laneId === actionLane.id && c.text.trim()) : [];
    for (const c of tasks) {
      const emotion = c.emotion ?? curve[i] ?? 0;
      lines.push(`    ${clean(c.text)}: ${emotionToScore(emotion)}: ${actor}`);
    }
  });
  return lines.join('\n') + '\n';
}

/** Reads a Mermaid `journey`; a line it cannot read is refused with its number and the expected form. */
export function fromMermaid(text: string): JourneyMapInput {
  const lines = text.split(/\r?\n/);
  let i = 0;
  const skip = (l: string) => !l.trim() || l.trim().startsWith('%%');
  while (i < lines.length && skip(lines[i]!)) i++;
  if (lines[i]?.trim() !== 'journey') throw new Error(`line ${i + 1}: a Mermaid journey starts with "journey".`);
  const map: JourneyMapInput = {
    name: 'Imported journey',
    version: 'as-is',
    persona: { name: '', description: '' },
    stages: [],
    lanes: [{ id: 'l1', kind: 'actions', name: 'Customer actions' }],
    cards: [],
  };
  const actors = new Set<string>();
  for (i++; i < lines.length; i++) {
    const line = lines[i]!.trim();
    if (skip(line) || /^acc(Title|Descr)\b/.test(line)) continue;
    const title = /^title\s+(.*)$/.exec(line);
    if (title) {
      map.name = title[1]!.trim() || map.name;
      continue;
    }
    const section = /^section\s+(.*)$/.exec(line);
    if (section) {
      map.stages.push({ id: `s${map.stages.length + 1}`, name: section[1]!.trim() || `Stage ${map.stages.length + 1}` });
      continue;
    }
    const task = /^([^:]+):\s*(\d+)\s*(?::(.*))?$/.exec(line);
    if (!task) throw new Error(`line ${i + 1}: expected "title …", "section …" or a task "Text: score: actors", got "${line}".`);
    const score = Number(task[2]);
    if (score < MERMAID_SCORE_MIN || score > MERMAID_SCORE_MAX)
      throw new Error(`line ${i + 1}: a task's score is from ${MERMAID_SCORE_MIN} to ${MERMAID_SCORE_MAX}, got ${score}.`);
    if (!map.stages.length) map.stages.push({ id: 's1', name: 'Journey' });
    for (const a of (task[3] ?? '')
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean))
      actors.add(a);
    map.cards.push({
      id: `c${map.cards.length + 1}`,
      stageId: map.stages[map.stages.length - 1]!.id,
      laneId: 'l1',
      text: task[1]!.trim(),
      emotion: scoreToEmotion(score),
    });
  }
  map.persona.name = [...actors][0] ?? '';
  if (actors.size > 1) map.persona.description = `Actors: ${[...actors].join(', ')}`;
  return map;
}
