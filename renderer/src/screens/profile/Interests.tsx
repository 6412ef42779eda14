import { memo } from 'react';
import {
  Accordion,
  Alert,
  Anchor,
  Badge,
  Card,
  Group,
  List,
  Progress,
  Skeleton,
  Stack,
  Text,
  Title,
} from '@mantine/core';
import { IconSparkles, IconUserOff, IconUsersGroup } from '@tabler/icons-react';
import type { ClientInterests, EvidenceItem, RunInfo } from '../../../../core/api/contract';
import { formatDateTime } from '../../components/format';
import { Empty } from '../../components/states';
import { kindLook } from './Timeline';

export function RunLine({ run, what }: { run: RunInfo | null; what: string }) {
  if (!run) return null;
  return (
    <Text size="xs" c="dimmed" data-testid="run-line">
      {what} from run #{run.id} · {run.reasoner} reasoner{run.model ? ` (${run.model})` : ''} · prompt{' '}
      {run.promptVersion} · {formatDateTime(run.finishedAt ?? run.startedAt)}
    </Text>
  );
}

function Evidence({ items }: { items: readonly EvidenceItem[] }) {
  return (
    <List size="sm" spacing={4}>
      {items.map((item) => (
        <List.Item key={item.id}>
          <Group gap="xs" wrap="nowrap">
            {item.kind && (
              <Badge size="xs" variant="light" color={kindLook[item.kind].color}>
                {kindLook[item.kind].label}
              </Badge>
            )}
            <Text size="sm">{item.title}</Text>
            <Text size="xs" c="dimmed">
              {item.externalId}
            </Text>
          </Group>
        </List.Item>
      ))}
    </List>
  );
}

function Strength({ value, color, label }: { value: number; color: string; label: string }) {
  return (
    <Progress
      value={Math.round(Math.min(1, value) * 100)}
      color={color}
      size="sm"
      w={90}
      aria-label={`${label}: ${Math.round(value * 100)}%`}
    />
  );
}

export function ExplicitInterests({ interests }: { interests: ClientInterests }) {
  return (
    <Card withBorder component="section" aria-labelledby="explicit-title" data-testid="explicit-interests">
      <Group gap="xs" mb={4}>
        <IconSparkles size={18} />
        <Title order={4} id="explicit-title">
          Explicit interests
        </Title>
      </Group>
      <Text size="xs" c="dimmed" mb="sm">
        What this client has shown: each feature from the items they bought, tried on or wished for.
      </Text>
      {interests.explicit.length === 0 ? (
        <Text size="sm" c="dimmed">
          No explicit interest yet.
        </Text>
      ) : (
        <Accordion multiple variant="separated" chevronPosition="left" keepMounted={false}>
          {interests.explicit.map((interest, index) => (
            // The value becomes the panel's id: a feature's words ("palazzo trousers") would make it invalid.
            <Accordion.Item
              key={interest.feature}
              value={`explicit-${index}`}
              data-testid="explicit-interest"
            >
              <Accordion.Control>
                <Group justify="space-between" wrap="nowrap">
                  <Group gap="xs" wrap="nowrap">
                    <Text fw={500}>{interest.feature}</Text>
                    <Badge size="xs" variant="outline">
                      {interest.facet}
                    </Badge>
                  </Group>
                  <Group gap="xs" wrap="nowrap">
                    <Text size="xs" c="dimmed">
                      {interest.explanation}
                    </Text>
                    <Strength
                      value={interest.weight}
                      color="var(--mantine-primary-color-filled)"
                      label="weight"
                    />
                  </Group>
                </Group>
              </Accordion.Control>
              <Accordion.Panel>
                <Evidence items={interest.evidence} />
              </Accordion.Panel>
            </Accordion.Item>
          ))}
        </Accordion>
      )}
    </Card>
  );
}

/** Inferred from similar clients: dashed and violet, never to be mistaken for what the client has shown. */
export function GroupInterests({ interests }: { interests: ClientInterests }) {
  return (
    <Card
      withBorder
      component="section"
      aria-labelledby="group-title"
      data-testid="group-interests"
      className="inferred-interest"
      style={{ borderColor: 'var(--mantine-color-violet-5)', borderWidth: 2 }}
    >
      <Group gap="xs" mb={4}>
        <IconUsersGroup size={18} color="var(--mantine-color-violet-6)" />
        <Title order={4} id="group-title" c="violet">
          Inferred group interests
        </Title>
        <Badge color="violet" variant="light" size="sm">
          inferred
        </Badge>
      </Group>
      <Text size="xs" c="dimmed" mb="sm">
        Not shown by this client yet: what clients of similar taste love.
      </Text>
      {interests.group.length === 0 ? (
        <Text size="sm" c="dimmed">
          No group interest inferred.
        </Text>
      ) : (
        <Accordion multiple variant="separated" chevronPosition="left" keepMounted={false}>
          {interests.group.map((interest, index) => (
            <Accordion.Item key={interest.feature} value={`group-${index}`} data-testid="group-interest">
              <Accordion.Control>
                <Group justify="space-between" wrap="nowrap">
                  <Group gap="xs" wrap="nowrap">
                    <Text fw={500} c="violet">
                      {interest.feature}
                    </Text>
                    <Badge size="xs" variant="outline" color="violet">
                      {interest.facet}
                    </Badge>
                  </Group>
                  <Group gap="xs" wrap="nowrap">
                    <Text size="xs" c="dimmed">
                      shared by {interest.neighbourCount} similar client
                      {interest.neighbourCount === 1 ? '' : 's'}
                    </Text>
                    <Strength value={interest.strength} color="violet" label="strength" />
                  </Group>
                </Group>
              </Accordion.Control>
              <Accordion.Panel>
                <Stack gap="xs">
                  <div>
                    <Text size="xs" c="dimmed" fw={600} tt="uppercase">
                      Similar clients
                    </Text>
                    <Group gap="xs">
                      {interest.neighbours.map((n) => (
                        <Anchor key={n.id} href={`#/clients/${n.id}`} size="sm">
                          {n.name}
                        </Anchor>
                      ))}
                    </Group>
                  </div>
                  {interest.items.length > 0 && (
                    <div>
                      <Text size="xs" c="dimmed" fw={600} tt="uppercase">
                        What they engaged with
                      </Text>
                      <Evidence items={interest.items} />
                    </div>
                  )}
                </Stack>
              </Accordion.Panel>
            </Accordion.Item>
          ))}
        </Accordion>
      )}
    </Card>
  );
}

/**
 * `groupInterests` is the same answer handed over after the first paint (null until then): the explicit
 * interests show at once, the group ones, below them, fill in right after.
 */
export const InterestsSection = memo(function InterestsSection({
  interests,
  groupInterests,
}: {
  interests: ClientInterests;
  groupInterests: ClientInterests | null;
}) {
  if (!interests.profilingAllowed) {
    return (
      <Alert color="red" variant="light" icon={<IconUserOff />} title="Profiling refused">
        This client refused profiling: Atelier infers no interest for them and never uses them as evidence for
        others.
      </Alert>
    );
  }
  if (!interests.run) {
    return (
      <Card withBorder>
        <Empty
          title="No interests yet"
          description={
            <>
              Run the engine (
              <Anchor href="#/engine" underline="always">
                Engine & model
              </Anchor>
              ) to find explicit and group interests.
            </>
          }
        />
      </Card>
    );
  }
  return (
    <Stack gap="sm">
      <ExplicitInterests interests={interests} />
      {groupInterests ? (
        <GroupInterests interests={groupInterests} />
      ) : (
        <Skeleton height={groupCardHeight(interests.group.length)} radius="md" />
      )}
      <RunLine run={interests.run} what="Interests" />
    </Stack>
  );
});

/** About the group card's height, so the page does not jump when it replaces its placeholder. */
const groupCardHeight = (count: number): number => 100 + Math.max(1, count) * 54;
