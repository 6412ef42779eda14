import { Group, RingProgress, Text, UnstyledButton } from '@mantine/core';
import { jobName, useJobs } from '../../api/jobs';
import { navigate } from '../../app/router';

/** The running job, visible from every screen. */
export function JobIndicator() {
  const running = useJobs().find((j) => j.status === 'running');
  if (!running) return null;
  const percent = running.total > 0 ? Math.round((running.done / running.total) * 100) : 0;
  return (
    <UnstyledButton
      onClick={() => navigate('/engine')}
      aria-label={`${jobName(running.kind)} running: ${percent}%`}
    >
      <Group gap={6} wrap="nowrap">
        <RingProgress size={30} thickness={3} sections={[{ value: percent, color: 'champagne' }]} />
        <Text size="xs">
          {jobName(running.kind)} {percent}%
        </Text>
      </Group>
    </UnstyledButton>
  );
}
