import type { ApiContext } from '../context.js';
import type { ServerHandlers } from '../dispatch.js';
import type { OutreachResults } from '../contract/index.js';
import { associateById, createAssociate, listAssociates } from '../../db/outreach/associates.js';
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
  | 'outreach.updateSettings';

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
    'outreach.updateSettings': (patch) => {
      const settings = updateOutreachSettings(ctx.db, patch, now());
      changed();
      return settings;
    },
  };
}
