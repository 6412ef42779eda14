import { realpathSync, statSync } from 'node:fs';
import { isAbsolute } from 'node:path';
import type { ApiContext } from '../context.js';
import type { ServerHandlers } from '../dispatch.js';
import type { OutreachResults } from '../contract/index.js';
import type { TemplateList } from '../contract/index.js';
import type { Db } from '../../db/open.js';
import { associateById, createAssociate, listAssociates } from '../../db/outreach/associates.js';
import {
  listTemplates,
  mergeFields,
  messageLanguages,
  removeTemplate,
  saveTemplate,
} from '../../db/outreach/templates.js';
import { messageChannels, messagePurposes } from '../../domain/outreach.js';
import { builtInTemplate } from '../../outreach/message-templates.js';
import {
  currentAssociateId,
  outreachSettings,
  photoFolder,
  setCurrentAssociateId,
  setPhotoFolder,
  updateOutreachSettings,
} from '../../db/outreach/settings.js';
import { imageStoreFolder } from '../../export/image-file.js';
import { ApiFailure } from '../dispatch.js';

/** An existing folder, by its real path: the photo folder must be one (a typo is said, not stored). */
function existingFolder(folder: string): string {
  let real: string;
  try {
    real = realpathSync(folder);
  } catch {
    throw new ApiFailure('bad-input', `the photo folder "${folder}" does not exist`);
  }
  if (!isAbsolute(folder) || !statSync(real).isDirectory())
    throw new ApiFailure(
      'bad-input',
      `the photo folder must be an existing folder's full path, not "${folder}"`,
    );
  return real;
}

type AssociateMethods =
  | 'associates.list'
  | 'associates.choose'
  | 'associates.create'
  | 'outreach.settings'
  | 'outreach.updateSettings'
  | 'outreach.photoFolder'
  | 'outreach.setPhotoFolder'
  | 'templates.list'
  | 'templates.save'
  | 'templates.remove';

/** The boutique's templates and, for each purpose, language and channel, the built-in one. */
function templateList(db: Db): TemplateList {
  const builtIn = messagePurposes.flatMap((purpose) =>
    messageLanguages.flatMap((language) =>
      messageChannels.map((channel) => ({ id: null, ...builtInTemplate(purpose, language, channel) })),
    ),
  );
  return { templates: listTemplates(db), builtIn, mergeFields, languages: messageLanguages };
}

export function associateHandlers(
  ctx: ApiContext,
): Pick<ServerHandlers, Extract<keyof OutreachResults, AssociateMethods>> {
  const changed = () => ctx.events.emit({ event: 'data.changed', payload: { what: ['outreach'] } });
  const now = () => ctx.clock.now().toISOString();
  const photoFolders = () => ({ imageStore: imageStoreFolder(ctx.dbFile), photoFolder: photoFolder(ctx.db) });
  return {
    'associates.list': () => {
      const associates = listAssociates(ctx.db);
      const id = currentAssociateId(ctx.db);
      return { associates, current: associates.find((a) => a.id === id) ?? null };
    },
    'associates.choose': ({ associateId }) => {
      const associate = associateById(ctx.db, associateId);
      setCurrentAssociateId(ctx.db, associate.id, now());
      changed();
      return associate;
    },
    'associates.create': (input) => {
      const associate = createAssociate(ctx.db, input, now());
      changed();
      return associate;
    },
    'outreach.settings': () => outreachSettings(ctx.db),
    'outreach.photoFolder': () => photoFolders(),
    'outreach.setPhotoFolder': ({ folder }) => {
      setPhotoFolder(ctx.db, folder === null ? null : existingFolder(folder), now());
      changed();
      return photoFolders();
    },
    'templates.list': () => templateList(ctx.db),
    'templates.save': (input) => {
      const saved = saveTemplate(ctx.db, input, now());
      changed();
      return saved;
    },
    'templates.remove': ({ templateId }) => {
      removeTemplate(ctx.db, templateId);
      changed();
      return templateList(ctx.db);
    },
    'outreach.updateSettings': (patch) => {
      const settings = updateOutreachSettings(ctx.db, patch, now());
      changed();
      return settings;
    },
  };
}
