import { z } from 'zod';
import {
  associateRoles,
  outreachSettingsPatchSchema,
  type AssociateRole,
  type OutreachSettings,
} from '../../domain/outreach.js';
import { noArgs, recordId } from './shared.js';

export type { AssociateRole, OutreachSettings };

// ---- the associate's day: who uses the app and the boutique's outreach settings -------------------------
// (Today, follow-ups, dates, messages, the contact log and attribution build on these: issue 9.)

const shortText = (max: number) =>
  z.string().trim().min(1, 'is empty').max(max, `is longer than ${max} characters`);

export const outreachMethods = {
  /** Every associate, and the one this app runs as (null until someone chose: the first launch). */
  'associates.list': noArgs,
  'associates.choose': z.object({ associateId: recordId }),
  'associates.create': z.object({
    name: shortText(200),
    store: z
      .string()
      .trim()
      .max(200)
      .nullish()
      .transform((v) => v || null),
    role: z.enum(associateRoles).default('associate'),
  }),

  'outreach.settings': noArgs,
  'outreach.updateSettings': outreachSettingsPatchSchema,
};

export interface OutreachResults {
  'associates.list': AssociateList;
  'associates.choose': AssociateView;
  'associates.create': AssociateView;
  'outreach.settings': OutreachSettings;
  'outreach.updateSettings': OutreachSettings;
}

export interface AssociateView {
  readonly id: number;
  readonly name: string;
  readonly store: string | null;
  readonly role: AssociateRole;
  readonly clientCount: number;
}

export interface AssociateList {
  readonly associates: readonly AssociateView[];
  readonly current: AssociateView | null;
}
