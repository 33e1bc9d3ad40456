import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DEFAULT_CLIENT_ID, DEFAULT_PORT, RelyingPartyConfigError, relyingPartyConfigFromEnv, SANDBOX_SAMPLE_SECRET } from '../../relying-party/config.ts';
import { CATALOGUES, signInErrorFrom, SIGN_IN_ERRORS } from '../../relying-party/messages.ts';

const codeOf = (env: Record<string, string>) => {
  try {
    relyingPartyConfigFromEnv(env);
    return 'ok';
  } catch (error) {
    return error instanceof RelyingPartyConfigError ? error.code : 'untyped';
  }
};

describe('relying party configuration', () => {
  it('has defaults for everything but the issuer', () => {
    const config = relyingPartyConfigFromEnv({ RP_ISSUER: 'https://127.0.0.1:8443' });
    expect(config).toMatchObject({ clientId: DEFAULT_CLIENT_ID, port: DEFAULT_PORT, host: '127.0.0.1', caFile: null, clientSecret: SANDBOX_SAMPLE_SECRET });
    // The sandbox's published secret goes only with the sandbox's client.
    expect(relyingPartyConfigFromEnv({ RP_ISSUER: 'https://x', RP_CLIENT_ID: 'other' }).clientSecret).toBeNull();
    expect(relyingPartyConfigFromEnv({ RP_ISSUER: 'https://x', RP_CLIENT_SECRET: 's' }).clientSecret).toBe('s');
    expect(config.issuer.href).toBe('https://127.0.0.1:8443/');
  });

  it('refuses a missing, non-https or malformed issuer and a bad port with typed codes', () => {
    expect(codeOf({})).toBe('rp.issuer_missing');
    expect(codeOf({ RP_ISSUER: 'http://127.0.0.1:8443' })).toBe('rp.issuer_invalid');
    expect(codeOf({ RP_ISSUER: 'https://x/?q=1' })).toBe('rp.issuer_invalid');
    expect(codeOf({ RP_ISSUER: 'not a url' })).toBe('rp.issuer_invalid');
    expect(codeOf({ RP_ISSUER: 'https://x', RP_PORT: '65536' })).toBe('rp.port_invalid');
    expect(codeOf({ RP_ISSUER: 'https://x', RP_PORT: '-1' })).toBe('rp.port_invalid');
    expect(codeOf({ RP_ISSUER: 'https://x', RP_CLIENT_ID: 'two words' })).toBe('rp.client_id_invalid');
  });

  it('answers a typed error or a config for any environment, never anything else', () => {
    fc.assert(
      fc.property(fc.record({ RP_ISSUER: fc.string(), RP_PORT: fc.string(), RP_CLIENT_ID: fc.string() }, { requiredKeys: [] }), (env) => {
        expect(codeOf(env)).not.toBe('untyped');
      }),
    );
  });
});

describe('relying party catalogue', () => {
  it('has every key in both languages, and a message for every sign-in error', () => {
    expect(Object.keys(CATALOGUES.en).sort()).toEqual(Object.keys(CATALOGUES['es-CL']).sort());
    for (const language of ['es-CL', 'en'] as const) {
      for (const code of SIGN_IN_ERRORS) expect(CATALOGUES[language].errors[code]).toMatch(/\S/);
    }
    expect(signInErrorFrom('access_denied')).toBe('access_denied');
    expect(signInErrorFrom('<script>')).toBe('other');
    expect(signInErrorFrom(undefined)).toBe('other');
  });

  it("speaks to the citizen as 'tú' in Spanish", () => {
    const spanish = JSON.stringify(CATALOGUES['es-CL']);
    expect(spanish).not.toMatch(/\b(usted|su|sus|ingrese|intente|vuelva)\b/i);
  });
});
