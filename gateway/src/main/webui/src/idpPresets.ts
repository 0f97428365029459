// Presets of an OpenID Connect provider's claim mapping for the providers organizations run most
// (issue 18; docs/sso.md "Setting up a provider, step by step"): what each fills into the admin's form.

export const PRESETS = {
  custom: { displayName: '', issuer: '', issuerPattern: 'https://', emailClaim: 'email', trustEmail: false },
  entra: { displayName: 'Microsoft Entra ID', issuer: '', issuerPattern: 'https://login.microsoftonline.com/<tenant-id>/v2.0', emailClaim: 'upn', trustEmail: true },
  google: { displayName: 'Google Workspace', issuer: 'https://accounts.google.com', issuerPattern: 'https://accounts.google.com', emailClaim: 'email', trustEmail: false },
  okta: { displayName: 'Okta', issuer: '', issuerPattern: 'https://<your-org>.okta.com', emailClaim: 'email', trustEmail: false },
} satisfies Record<string, { displayName: string; issuer: string; issuerPattern: string; emailClaim: string; trustEmail: boolean }>;
export type Preset = keyof typeof PRESETS;

const PRESET_NAMES: string[] = Object.values(PRESETS).map((p) => p.displayName);
const PRESET_ISSUERS: string[] = Object.values(PRESETS).map((p) => p.issuer).filter(Boolean);

/** The fields a preset sets. */
export interface PresetFields { displayName: string; issuer: string; emailClaim: string; trustEmail: boolean }

/**
 * The form after choosing a preset: its email claim and trust; its name and fixed issuer unless the
 * admin typed their own (what an earlier preset filled in gives way; what the admin typed stays).
 * A templated issuer (Entra's tenant, Okta's org) is only a placeholder, never filled in.
 */
export function applyPreset<F extends PresetFields>(form: F, preset: Preset): F {
  const values = PRESETS[preset];
  return {
    ...form,
    displayName: PRESET_NAMES.includes(form.displayName) ? values.displayName : form.displayName,
    issuer: values.issuer || (PRESET_ISSUERS.includes(form.issuer) ? '' : form.issuer),
    emailClaim: values.emailClaim,
    trustEmail: values.trustEmail,
  };
}
