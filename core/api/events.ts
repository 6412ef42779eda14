import type { ApiEvent } from './contract/index.js';

export type EventListener = (event: ApiEvent) => void;

/** The push side of the API: the Electron main process forwards to windows, the web server to SSE streams. */
export class EventHub {
  private readonly listeners = new Set<EventListener>();

  subscribe(listener: EventListener): () => void {
    this.listeners.add(listener);
    return () => void this.listeners.delete(listener);
  }

  emit(event: ApiEvent): void {
    for (const listener of this.listeners) listener(event);
  }

  get size(): number {
    return this.listeners.size;
  }
}
