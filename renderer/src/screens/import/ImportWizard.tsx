import { useState } from 'react';
import {
  Button,
  Card,
  FileInput,
  Group,
  Select,
  SimpleGrid,
  Stack,
  Stepper,
  Text,
  Title,
} from '@mantine/core';
import { IconFileImport, IconUpload } from '@tabler/icons-react';
import type { ImportColumns, ImportRole, JobState, StagedFile } from '../../../../core/api/contract';
import { bytesToBase64 } from '../../api/client';
import { act, useApi } from '../../api/hooks';
import { startJob, useJobs } from '../../api/jobs';
import { ColumnMapping, SamplePreview, initialChoice, type FieldChoice } from './ColumnMapping';
import { ImportReport, roleNames } from './ImportReport';
import { JobProgress } from '../engine/JobProgress';

const roles: readonly ImportRole[] = ['items', 'clients', 'interactions'];

interface Staged {
  readonly file: StagedFile;
  readonly columns: ImportColumns;
  readonly choice: FieldChoice;
}

function mappingOf(staged: Partial<Record<ImportRole, Staged>>): Record<string, unknown> {
  const mapping: Record<string, unknown> = {};
  for (const role of roles) {
    const s = staged[role];
    if (!s) continue;
    const suggested = initialChoice(s.columns);
    const columns: Record<string, unknown> = {};
    for (const [field, column] of Object.entries(s.choice)) {
      if (column) columns[field] = column;
      // A field the importer would have recognised by itself, set aside by the associate.
      else if (suggested[field]) columns[field] = { value: '' };
    }
    mapping[role] = { columns };
  }
  return mapping;
}

function useJob(jobId: string | null): JobState | undefined {
  const jobs = useJobs();
  return jobId ? jobs.find((j) => j.jobId === jobId) : undefined;
}

export function ImportWizard() {
  const [step, setStep] = useState(0);
  const [staged, setStaged] = useState<Partial<Record<ImportRole, Staged>>>({});
  const [uploading, setUploading] = useState<ImportRole | null>(null);
  const [preset, setPreset] = useState<string | null>(null);
  // The preset the files' headers were recognised as, pre-selected until the associate chooses another.
  const [recognised, setRecognised] = useState<{ name: string; description: string } | null>(null);
  const [presetTouched, setPresetTouched] = useState(false);
  const [checkId, setCheckId] = useState<string | null>(null);
  const [importId, setImportId] = useState<string | null>(null);
  const presets = useApi('import.presets', {});
  const check = useJob(checkId);
  const imported = useJob(importId);
  const chosen = roles.filter((r) => staged[r]);

  const upload = async (role: ImportRole, file: File | null) => {
    if (!file) return setStaged(({ [role]: _, ...rest }) => rest);
    setUploading(role);
    try {
      const base64 = bytesToBase64(new Uint8Array(await file.arrayBuffer()));
      const stagedFile = await act(`Reading ${file.name}`, 'import.stage', { fileName: file.name, base64 });
      if (!stagedFile) return;
      const columns = await act(`Reading the columns of ${file.name}`, 'import.columns', {
        fileId: stagedFile.fileId,
        role,
      });
      if (!columns) return;
      setStaged((s) => ({ ...s, [role]: { file: stagedFile, columns, choice: initialChoice(columns) } }));
      const suggested = columns.suggestedPresets[0];
      if (suggested && !presetTouched) {
        setPreset(suggested.name);
        setRecognised(suggested);
      }
    } finally {
      setUploading(null);
    }
  };

  const run = async (dryRun: boolean) => {
    const job = await startJob({
      kind: 'import',
      files: chosen.map((role) => ({ fileId: staged[role]!.file.fileId, role })),
      ...(preset ? { preset } : { mapping: mappingOf(staged) }),
      dryRun,
    });
    if (!job) return;
    if (dryRun) setCheckId(job.jobId);
    else setImportId(job.jobId);
  };

  const reset = () => {
    setStaged({});
    setRecognised(null);
    setPresetTouched(false);
    setCheckId(null);
    setImportId(null);
    setStep(0);
  };

  return (
    <Stack gap="md">
      <div>
        <Title order={2}>Import</Title>
        <Text size="sm" c="dimmed">
          Catalog, clients and interactions from CSV, XLSX, JSON or JSONL, as POS and CRM systems export them.
          A file with a problem is refused whole, and nothing is written.
        </Text>
      </div>
      <Stepper active={step} onStepClick={(s) => s < step && setStep(s)} allowNextStepsSelect={false}>
        <Stepper.Step label="Files" description="Choose what to import">
          <SimpleGrid cols={{ base: 1, md: 3 }} mt="md">
            {roles.map((role) => (
              <Card withBorder key={role}>
                <FileInput
                  label={roleNames[role]}
                  placeholder="Choose a file"
                  accept=".csv,.tsv,.txt,.xlsx,.json,.jsonl,.ndjson"
                  leftSection={<IconUpload size={16} />}
                  clearable
                  disabled={uploading !== null}
                  onChange={(file) => void upload(role, file)}
                />
                {staged[role] && (
                  <Text size="xs" c="dimmed" mt={4}>
                    {staged[role].columns.headers.length} columns ·{' '}
                    {(staged[role].file.sizeBytes / 1024).toFixed(1)} KB
                  </Text>
                )}
              </Card>
            ))}
          </SimpleGrid>
          <Select
            mt="md"
            w={360}
            label="Preset (optional)"
            placeholder="None: recognise the usual headers"
            description={
              recognised && preset === recognised.name
                ? `Recognised from the columns: ${recognised.description}`
                : 'A ready-made mapping for a known export'
            }
            clearable
            value={preset}
            onChange={(value) => {
              setPreset(value);
              setPresetTouched(true);
            }}
            data={(presets.data ?? []).map((p) => ({ value: p.name, label: p.description }))}
          />
          <Group justify="flex-end" mt="md">
            <Button
              disabled={chosen.length === 0 || uploading !== null}
              onClick={() => setStep(preset ? 2 : 1)}
            >
              Next
            </Button>
          </Group>
        </Stepper.Step>
        <Stepper.Step label="Columns" description="Which column feeds which field">
          <Stack mt="md">
            {preset ? (
              <Text c="dimmed">The preset maps the columns.</Text>
            ) : (
              chosen.map((role) => (
                <ColumnMapping
                  key={role}
                  columns={staged[role]!.columns}
                  choice={staged[role]!.choice}
                  onChange={(choice) => setStaged((s) => ({ ...s, [role]: { ...s[role]!, choice } }))}
                />
              ))
            )}
            <Group justify="flex-end">
              <Button onClick={() => setStep(2)}>Preview</Button>
            </Group>
          </Stack>
        </Stepper.Step>
        <Stepper.Step label="Preview" description="The first rows">
          <Stack mt="md">
            {chosen.map((role) => (
              <SamplePreview key={role} columns={staged[role]!.columns} choice={staged[role]!.choice} />
            ))}
            <Group justify="flex-end">
              <Button
                onClick={() => {
                  setStep(3);
                  void run(true);
                }}
              >
                Check the files
              </Button>
            </Group>
          </Stack>
        </Stepper.Step>
        <Stepper.Step label="Check" description="The validation report">
          <Stack mt="md">
            {!check || check.status === 'running' ? (
              check ? (
                <JobProgress job={check} />
              ) : (
                <Text c="dimmed">Starting…</Text>
              )
            ) : check.importReport ? (
              <ImportReport report={check.importReport} dryRun />
            ) : (
              <Text c="red">{check.message}</Text>
            )}
            <Group justify="flex-end">
              <Button variant="default" onClick={() => setStep(1)}>
                Change the mapping
              </Button>
              <Button
                leftSection={<IconFileImport size={16} />}
                disabled={!check?.importReport?.ok}
                onClick={() => {
                  setStep(4);
                  void run(false);
                }}
              >
                Import
              </Button>
            </Group>
          </Stack>
        </Stepper.Step>
        <Stepper.Completed>
          <Stack mt="md">
            {!imported || imported.status === 'running' ? (
              imported ? (
                <JobProgress job={imported} />
              ) : (
                <Text c="dimmed">Starting…</Text>
              )
            ) : imported.importReport ? (
              <ImportReport report={imported.importReport} dryRun={false} />
            ) : (
              <Text c="red">{imported.message}</Text>
            )}
            <Group justify="flex-end">
              <Button variant="default" onClick={reset}>
                Import more files
              </Button>
            </Group>
          </Stack>
        </Stepper.Completed>
      </Stepper>
    </Stack>
  );
}
