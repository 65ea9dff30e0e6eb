import { createContext, useContext } from 'react';

export type AdminRole = 'admin' | 'finance';

/** Pages whose API is built on its own; each shows only when its route answers on this server. */
export interface Features {
  reports: boolean;
  riskAlerts: boolean;
  approvals: boolean;
  jobsList: boolean;
}

export interface AppState {
  username: string;
  role: AdminRole;
  /** Finance reads everything and changes nothing: write buttons are not rendered for it. */
  canWrite: boolean;
  features: Features;
  navigate(path: string): void;
  signOut(message?: string): void;
}

export const AppContext = createContext<AppState | null>(null);

export function useApp(): AppState {
  const state = useContext(AppContext);
  if (!state) throw new Error('useApp outside the signed-in console');
  return state;
}
