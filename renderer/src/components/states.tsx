import type { ReactNode } from 'react';
import { Alert, Button, EmptyState, Skeleton, Stack } from '@mantine/core';
import { IconAlertTriangle, IconMoodEmpty } from '@tabler/icons-react';
import type { ApiError } from '../../../core/api/contract';

export function Empty({
  title,
  description,
  icon,
  action,
}: {
  title: string;
  description?: ReactNode;
  icon?: ReactNode;
  action?: ReactNode;
}) {
  return (
    <EmptyState
      py="xl"
      title={title}
      description={description}
      icon={icon ?? <IconMoodEmpty size={32} stroke={1.4} />}
      withIndicatorBackground
    >
      {action ? <EmptyState.Actions>{action}</EmptyState.Actions> : null}
    </EmptyState>
  );
}

export function Failed({ error, retry }: { error: ApiError; retry?: () => void }) {
  return (
    <Alert color="red" icon={<IconAlertTriangle />} title="Could not load this" role="alert">
      {error.message}
      {retry ? (
        <Button variant="subtle" color="red" size="xs" ml="sm" onClick={retry}>
          Try again
        </Button>
      ) : null}
    </Alert>
  );
}

export function LinesSkeleton({ lines = 6, height = 28 }: { lines?: number; height?: number }) {
  return (
    <Stack gap="xs" aria-busy="true" aria-label="Loading">
      {Array.from({ length: lines }, (_, i) => (
        <Skeleton key={i} height={height} radius="sm" />
      ))}
    </Stack>
  );
}
