import type { Handlers } from './router.js'
import type { Store } from '../store/index.js'
import type { PromptBroker } from '../services/prompt-broker.js'

export function appHandlers(
  store: Store,
  prompts: PromptBroker,
): Pick<Handlers, 'settings.get' | 'settings.update' | 'audit.list' | 'prompts.answer' | 'secrets.status'> {
  return {
    'settings.get': async () => store.settings.get(),
    'settings.update': async (patch) =>
      store.settings.update(Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined))),
    'audit.list': async ({ limit }) => store.audit.list(limit),
    'prompts.answer': async ({ promptId, value }) => prompts.answer(promptId, value),
    'secrets.status': async () => store.secrets.status(),
  }
}
