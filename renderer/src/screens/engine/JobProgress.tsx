import { Button, Group, Progress, Stack, Text } from '@mantine/core';
import { IconPlayerStop } from '@tabler/icons-react';
import type { JobState } from '../../../../core/api/contract';
import { cancelJob } from '../../api/jobs';
import { formatDuration } from '../../components/format';

/** A running job: what it does, how far, how long left, and a way to stop it. */
export function JobProgress({ job }: { job: JobState }) {
  const percent = job.total > 0 ? (job.done / job.total) * 100 : 0;
  const cancelling = job.step === 'cancelling';
  return (
    <Stack gap={4} data-testid="job-progress" data-job-status={job.status}>
      <Group justify="space-between">
        <Text size="sm">
          {job.step}
          {job.total > 0 ? ` · ${job.done.toLocaleString()} / ${job.total.toLocaleString()}` : ''}
        </Text>
        <Text size="sm" c="dimmed" data-testid="job-eta">
          {job.etaMs !== null ? `about ${formatDuration(job.etaMs)} left` : 'estimating…'}
        </Text>
      </Group>
      <Progress
        value={percent}
        animated={job.status === 'running'}
        aria-label={`Progress ${Math.round(percent)}%`}
        size="lg"
      />
      <Group justify="flex-end">
        <Button
          size="xs"
          color="red"
          variant="light"
          leftSection={<IconPlayerStop size={14} />}
          loading={cancelling}
          onClick={() => void cancelJob(job.jobId)}
        >
          Cancel
        </Button>
      </Group>
    </Stack>
  );
}
