import { useEffect, useMemo } from 'react';
import { ROUTES } from '../features/registry';
import { useApp } from '../store/app-store';
import type { Command } from './commands';

/** Every action of the app and every dataset, as palette commands. */
export function useCommands(shell: { showShortcuts(): void; showWelcome(): void }): Command[] {
  const datasets = useApp((s) => s.datasets);
  const templates = useApp((s) => s.journeyTemplates);
  const hasSql = useApp((s) => s.sql.trim() !== '');
  const hasResult = useApp((s) => s.result !== null);
  const savedId = useApp((s) => s.savedId);
  const actions = useApp((s) => s);
  const refreshJourneyMaps = useApp((s) => s.refreshJourneyMaps);
  // The journey templates arrive with the journeys list; the palette asks for them if that page was not visited yet.
  const needTemplates = templates.length === 0;
  useEffect(() => {
    if (needTemplates) void refreshJourneyMaps();
  }, [needTemplates, refreshJourneyMaps]);

  return useMemo(() => {
    const a = actions;
    const go = (view: (typeof ROUTES)[number]['id']) => a.setView(view);
    const list: Command[] = [
      ...ROUTES.map((r) => ({
        id: `go.${r.id}`,
        group: 'Go to',
        title: `Go to ${r.label}`,
        keys: `Ctrl+${r.shortcut}`,
        run: () => go(r.id),
      })),
      {
        id: 'open',
        group: 'Data',
        title: 'Open a file or folder…',
        keywords: 'load import csv parquet json excel',
        keys: 'Ctrl+O',
        run: () => a.showOpenDialog(true),
      },
      ...datasets.map((d) => ({
        id: `dataset.${d.id}`,
        group: 'Dataset',
        title: `Open dataset ${d.name}`,
        keywords: `${d.relation} ${d.format} grid table`,
        run: () => {
          a.select(d.id);
          go('grid');
        },
      })),
      ...datasets.map((d) => ({
        id: `profile.${d.id}`,
        group: 'Dataset',
        title: `Profile dataset ${d.name}`,
        keywords: `${d.relation} columns statistics`,
        run: () => {
          a.select(d.id);
          go('profile');
        },
      })),
      {
        id: 'sql.run',
        group: 'SQL',
        title: 'Run the SQL query',
        keywords: 'execute',
        keys: 'Ctrl+Enter',
        disabled: !hasSql,
        run: () => {
          go('sql');
          void a.runSql();
        },
      },
      {
        id: 'sql.csv',
        group: 'SQL',
        title: 'Export the result as CSV…',
        keywords: 'save download',
        disabled: !hasResult,
        run: () => void a.exportResult('csv'),
      },
      {
        id: 'sql.parquet',
        group: 'SQL',
        title: 'Export the result as Parquet…',
        keywords: 'save download',
        disabled: !hasResult,
        run: () => void a.exportResult('parquet'),
      },
      ...templates.map((t) => ({
        id: `journey.${t.id}`,
        group: 'Journeys',
        title: `New journey map: ${t.name}`,
        keywords: 'funnel template create',
        run: () => {
          go('journeys');
          void a
            .createJourneyMap(structuredClone(t.map))
            .catch((e: unknown) => a.notify('error', e instanceof Error ? e.message : String(e)));
        },
      })),
      ...(
        [
          ['data', 'Analyze an experiment from data'],
          ['conversion', 'Conversion calculator'],
          ['continuous', 'Continuous metric calculator'],
          ['power', 'Sample size and power'],
          ['srm', 'Sample ratio mismatch check'],
        ] as const
      ).map(([c, title]) => ({
        id: `experiment.${c}`,
        group: 'Experiments',
        title,
        keywords: 'ab test significance',
        run: () => {
          a.newExperiment();
          a.setCalculator(c);
          go('experiments');
        },
      })),
      ...(['markdown', 'html', 'csv'] as const).map((f) => ({
        id: `experiment.export.${f}`,
        group: 'Experiments',
        title: `Export the experiment report as ${f === 'markdown' ? 'Markdown' : f.toUpperCase()}…`,
        keywords: 'save report',
        disabled: !savedId,
        run: () => void a.exportExperiment(f),
      })),
      { id: 'help.shortcuts', group: 'Help', title: 'Keyboard shortcuts', keys: '?', run: shell.showShortcuts },
      { id: 'help.welcome', group: 'Help', title: 'Show the welcome again', keywords: 'getting started tour', run: shell.showWelcome },
    ];
    return list.filter((c) => !c.disabled);
  }, [actions, datasets, templates, hasSql, hasResult, savedId, shell]);
}
