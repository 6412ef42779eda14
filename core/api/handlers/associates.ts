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
  setCurrentAssociateId,
  updateOutreachSettings,
} from '../../db/outreach/settings.js';

type AssociateMethods =
  | 'associates.list'
  | 'associates.choose'
  | 'associates.create'
  | 'outreach.settings'
  | 'outreach.updateSettings'
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
