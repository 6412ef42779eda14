import { useState } from 'react';
import {
  Badge,
  Button,
  Card,
  Checkbox,
  Code,
  Group,
  NumberInput,
  Select,
  SimpleGrid,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { IconBrain, IconFolderOpen, IconPlayerPlay, IconRoute } from '@tabler/icons-react';
import type { JobKind, JobState, RunRecord } from '../../../../core/api/contract';
import type { ReasonerKind } from '../../../../core/domain/reasoners';
import { desktop } from '../../api/client';
import { useApi } from '../../api/hooks';
import { startJob, useJobs } from '../../api/jobs';
import { formatDateTime, formatDuration } from '../../components/format';
import { Empty, LinesSkeleton } from '../../components/states';
import { JobProgress } from './JobProgress';

const statusColors: Record<JobState['status'] | RunRecord['status'], string> = {
  running: 'blue',
  paused: 'yellow',
  completed: 'teal',
  failed: 'red',
  cancelled: 'gray',
};

function LastOutcome({ jobs, kind }: { jobs: readonly JobState[]; kind: JobKind }) {
  const last = jobs.find((j) => j.kind === kind && j.status !== 'running');
  if (!last) return null;
  return (
    <Text size="xs" c="dimmed" data-testid={`last-${kind}`}>
      Last:{' '}
      <Badge size="xs" color={statusColors[last.status]}>
        {last.status}
      </Badge>{' '}
      {last.message ?? ''} · {formatDateTime(last.finishedAt)}
    </Text>
  );
}

/** What became of a run: its metrics once completed, its error once failed, how far it got otherwise. */
/** `live`: this app is running a job of the run's kind; a run left 'running' without one was interrupted. */
function RunOutcome({ run, live }: { run: RunRecord; live: boolean }) {
  const progress =
    run.progressTotal > 0
      ? `${run.progressDone.toLocaleString()} / ${run.progressTotal.toLocaleString()}`
      : null;
  if (run.status === 'completed')
    return (
      <Text size="xs" c="dimmed">
        {metricsText(run)}
      </Text>
    );
  if (run.status === 'failed')
    return (
      <Text size="xs" c="red">
        {run.error ?? 'failed'}
        {progress ? ` · stopped at ${progress}` : ''}
      </Text>
    );
  if ((run.status === 'running' || run.status === 'paused') && !live)
    return (
      <Text size="xs" style={{ color: 'var(--mantine-color-orange-text)' }}>
        not running in this app (interrupted, or run from the command line)
        {progress ? ` · at ${progress}` : ''}
        {run.kind === 'reason' ? ' · run reasoning again to resume it' : ''}
      </Text>
    );
  return (
    <Text size="xs" c="dimmed">
      {run.status === 'cancelled' ? `stopped at ${progress ?? '0'}` : (progress ?? 'starting')}
    </Text>
  );
}

const num = (metrics: Readonly<Record<string, unknown>>, key: string): number | null =>
  typeof metrics[key] === 'number' ? metrics[key] : null;

/** A completed run's figures in the associate's words, not the stored keys. */
function metricsText(run: RunRecord): string {
  const m = run.metrics;
  const parts: string[] = [];
  const count = (key: string, label: string) => {
    const v = num(m, key);
    if (v !== null) parts.push(`${v.toLocaleString()} ${label}`);
  };
  if (run.kind === 'optimize') {
    count('profiledClients', 'clients profiled');
    count('items', 'items');
    count('events', 'events');
    count('features', 'features');
    const rounds = Array.isArray(m.iterations) ? m.iterations.length : num(m, 'iterations');
    if (rounds !== null)
      parts.push(
        `${rounds} ${rounds === 1 ? 'round' : 'rounds'}${m.converged === true ? ', converged' : ''}`,
      );
  } else {
    count('reasoned', 'reasoned');
    count('cached', 'from the cache');
    count('failed', 'failed');
    const speed = num(m, 'tokensPerSecond');
    if (speed) parts.push(`${Math.round(speed).toLocaleString()} tokens/s`);
  }
  return parts.join(' · ');
}

export function Engine() {
  const jobs = useJobs();
  const running = jobs.find((j) => j.status === 'running');
  const [iterations, setIterations] = useState<number | string>('');
  const [featuresFrom, setFeaturesFrom] = useState<ReasonerKind>('rules');
  const [modelPath, setModelPath] = useState('');
  const [limit, setLimit] = useState<number | string>('');
  const [clients, setClients] = useState(false);
  const models = useApi('engine.models', {});
  const runs = useApi('engine.runs', { limit: 30 }, { reloadOn: ['engine'] });
  // Asked apart from the history: a completed LLM run stays usable however many runs came after it.
  const completedReasoning = useApi(
    'engine.runs',
    { limit: 200, kind: 'reason', status: 'completed' },
    { reloadOn: ['engine'] },
  );

  // The rules reasoner always works (its features are computed on the fly); an LLM's only after a run.
  const reasonersWithRuns = [
    'rules' as const,
    ...(['llama', 'openai'] as const).filter((r) =>
      (completedReasoning.data ?? []).some((run) => run.reasoner === r),
    ),
  ];

  const chooseModel = async () => {
    const chosen = await desktop?.chooseModelFile();
    if (chosen) setModelPath(chosen);
  };

  return (
    <Stack gap="md">
      <div>
        <Title order={2}>Engine & model</Title>
        <Text size="sm" c="dimmed">
          Reasoning describes each item&apos;s features (rules, or a local LLM); optimisation finds each
          client&apos;s explicit and group interests and recommendations. Both run in the background.
        </Text>
      </div>
      <SimpleGrid cols={{ base: 1, lg: 2 }} spacing="md">
        <Card withBorder component="section" aria-labelledby="optimise-title">
          <Group gap="xs" mb="xs">
            <IconRoute size={18} />
            <Title order={4} id="optimise-title">
              Optimisation
            </Title>
          </Group>
          <Text size="sm" c="dimmed" mb="sm">
            Builds the interaction and similarity graphs, then refines explicit and group interests together.
          </Text>
          {running?.kind === 'optimize' ? (
            <JobProgress job={running} />
          ) : (
            <Group align="flex-end">
              <Select
                label="Item features from"
                w={200}
                allowDeselect={false}
                value={featuresFrom}
                onChange={(v) => v && setFeaturesFrom(v)}
                data={reasonersWithRuns.map((r) => ({
                  value: r,
                  label: r === 'rules' ? 'Rules reasoner' : r === 'llama' ? 'Local LLM' : 'LLM server',
                }))}
              />
              <NumberInput
                label="Most rounds"
                placeholder="8"
                min={1}
                max={50}
                value={iterations}
                onChange={setIterations}
                w={120}
              />
              <Button
                leftSection={<IconPlayerPlay size={16} />}
                disabled={running !== undefined}
                onClick={() =>
                  void startJob({
                    kind: 'optimize',
                    reasoner: featuresFrom,
                    ...(Number(iterations) > 0 ? { iterations: Number(iterations) } : {}),
                  })
                }
              >
                Run optimisation
              </Button>
            </Group>
          )}
          <LastOutcome jobs={jobs} kind="optimize" />
        </Card>
        <Card withBorder component="section" aria-labelledby="reason-title">
          <Group gap="xs" mb="xs">
            <IconBrain size={18} />
            <Title order={4} id="reason-title">
              Reasoning
            </Title>
          </Group>
          <Text size="sm" c="dimmed" mb="sm">
            Without a model, the rules reasoner. With a GGUF file, a local LLM (cached per item, model and
            prompt).
          </Text>
          {running?.kind === 'reason' ? (
            <JobProgress job={running} />
          ) : (
            <Stack gap="xs">
              {models.data && models.data.length > 0 && (
                <Select
                  label="Model"
                  placeholder="Rules reasoner (no model)"
                  clearable
                  value={modelPath || null}
                  onChange={(v) => setModelPath(v ?? '')}
                  data={models.data.map((m) => ({
                    value: m.path,
                    label: `${m.fileName}${m.parameters ? ` · ${m.parameters}` : ''}${m.quantization ? ` · ${m.quantization}` : ''}`,
                  }))}
                />
              )}
              <Group align="flex-end" wrap="nowrap">
                <TextInput
                  label="Model file (GGUF)"
                  placeholder="Empty: the rules reasoner"
                  value={modelPath}
                  onChange={(e) => setModelPath(e.currentTarget.value)}
                  style={{ flex: 1 }}
                />
                {desktop && (
                  <Button
                    variant="default"
                    leftSection={<IconFolderOpen size={16} />}
                    onClick={() => void chooseModel()}
                  >
                    Choose…
                  </Button>
                )}
              </Group>
              <Checkbox
                label="Also describe clients (likes, dislikes, core preference)"
                checked={clients}
                onChange={(e) => setClients(e.currentTarget.checked)}
              />
              <Group align="flex-end">
                <NumberInput label="Items (empty: all)" min={1} value={limit} onChange={setLimit} w={160} />
                <Button
                  leftSection={<IconPlayerPlay size={16} />}
                  disabled={running !== undefined}
                  onClick={() =>
                    void startJob({
                      kind: 'reason',
                      clients,
                      ...(modelPath.trim() ? { modelPath: modelPath.trim() } : {}),
                      ...(Number(limit) > 0 ? { limit: Number(limit) } : {}),
                    })
                  }
                >
                  Run reasoning
                </Button>
              </Group>
            </Stack>
          )}
          <LastOutcome jobs={jobs} kind="reason" />
        </Card>
      </SimpleGrid>

      <Card withBorder component="section" aria-labelledby="runs-title">
        <Title order={4} id="runs-title" mb="sm">
          Past runs
        </Title>
        {!runs.data ? (
          <LinesSkeleton lines={4} />
        ) : runs.data.length === 0 ? (
          <Empty title="No run yet" description="Run reasoning or optimisation above." />
        ) : (
          <Table verticalSpacing="xs" aria-label="Past runs" data-testid="runs-table">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Run</Table.Th>
                <Table.Th>Kind</Table.Th>
                <Table.Th w={120}>Status</Table.Th>
                <Table.Th>Reasoner · model</Table.Th>
                <Table.Th>Started</Table.Th>
                <Table.Th>Duration</Table.Th>
                <Table.Th>Outcome</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {runs.data.map((run) => (
                <Table.Tr key={run.id}>
                  <Table.Td>#{run.id}</Table.Td>
                  <Table.Td>{run.kind}</Table.Td>
                  <Table.Td>
                    <Badge size="sm" color={statusColors[run.status]}>
                      {run.status}
                    </Badge>
                  </Table.Td>
                  <Table.Td>
                    {run.reasoner}
                    {run.model ? <Code ml={4}>{run.model}</Code> : null}
                  </Table.Td>
                  <Table.Td>{formatDateTime(run.startedAt)}</Table.Td>
                  <Table.Td>{formatDuration(run.durationMs)}</Table.Td>
                  <Table.Td>
                    <RunOutcome
                      run={run}
                      live={jobs.some((j) => j.status === 'running' && j.kind === run.kind)}
                    />
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
      </Card>
    </Stack>
  );
}
