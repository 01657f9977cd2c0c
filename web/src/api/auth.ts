// Session, password and second-factor endpoints.
import { api } from './client.js';
import type { DemoInfo, Me, TotpSetup } from './types.js';

export interface LoginInput {
  username: string;
  password: string;
  totp?: string;
}

export const authApi = {
  login: (input: LoginInput) =>
    api.post<{ user: Me }>('/auth/login', input, { redirectOn401: false }),
  logout: () => api.post<void>('/auth/logout'),
  me: () => api.get<Me>('/me'),
  changePassword: (oldPassword: string, newPassword: string) =>
    api.post<void>('/auth/password', { oldPassword, newPassword }),
  totpSetup: (password: string) => api.post<TotpSetup>('/auth/totp/setup', { password }),
  totpEnable: (code: string) => api.post<void>('/auth/totp/enable', { code }),
  totpDisable: (password: string) => api.post<void>('/auth/totp/disable', { password }),
  /** Public: whether this server runs the demo city (the login page then shows demo logins). */
  demoInfo: () => api.get<DemoInfo>('/demo-info', undefined, { redirectOn401: false }),
};
