import { createStore } from 'zustand/vanilla';

/** `connecting` until the host has answered once. */
export type ServiceState = 'connecting' | 'available' | 'unavailable';

export interface ServiceStore {
  readonly state: ServiceState;
  setState(state: ServiceState): void;
}

export function createServiceStore() {
  return createStore<ServiceStore>()((set) => ({
    state: 'connecting',
    setState: (state) => set({ state }),
  }));
}

export const serviceStore = createServiceStore();
