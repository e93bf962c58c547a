import { createHash } from 'node:crypto';
import type { Kysely } from 'kysely';
import { AppError } from '../../../shared/errors';
import type { LlmStatus } from '../../../shared/ipc/contract';
import { parseProviderConfig, providerConfigSchema, providerPresets, type ProviderConfig, type ProviderConfigInput } from '../../../shared/llm/provider-config';
import type { Database } from '../db/schema';
import { LLM_API_KEY_SECRET, type SecretStore } from '../secrets/secret-store';
import { createLlmClient, type ConnectionTestResult, type LlmClient } from './llm-client';

/** Settings-table key of the provider configuration (never contains the key). */
const CONFIG_KEY = 'llmProvider';

interface StoredProvider {
  enabled: boolean;
  config: ProviderConfig;
}

/**
 * The configured LLM provider: its settings (settings table), its key (secret store, never
 * the database) and one client reused while neither changes, so the rate limiter sees
 * every request of the app.
 */
export class ProviderService {
  #cached: { fingerprint: string; client: LlmClient } | null = null;
  /** A key given for this process only (CLI: CHATTRAIN_LLM_API_KEY); never stored. */
  #sessionKey: string | null = null;
  /** A provider given for this process only (CLI flags); never stored. */
  #override: StoredProvider | null = null;

  constructor(
    private readonly db: Kysely<Database>,
    private readonly secrets: SecretStore,
  ) {}

  /** Use this provider and key for this process without saving them (the CLI's flags). */
  useTemporarily(config: ProviderConfigInput, apiKey: string | null): void {
    this.#override = { enabled: true, config: parseProviderConfig(config) };
    this.#sessionKey = apiKey;
  }

  private async stored(): Promise<StoredProvider | null> {
    if (this.#override) return this.#override;
    const row = await this.db.selectFrom('settings').select('value_json').where('key', '=', CONFIG_KEY).executeTakeFirst();
    if (!row) return null;
    try {
      const value = JSON.parse(row.value_json) as { enabled?: unknown; config?: unknown };
      const config = providerConfigSchema.safeParse(value.config);
      return config.success ? { enabled: value.enabled === true, config: config.data } : null;
    } catch {
      return null;
    }
  }

  private async apiKey(): Promise<string | null> {
    return this.#sessionKey ?? (await this.secrets.get(LLM_API_KEY_SECRET));
  }

  async status(): Promise<LlmStatus> {
    const stored = await this.stored();
    return {
      config: stored?.config ?? null,
      enabled: stored?.enabled ?? false,
      keySet: this.#sessionKey !== null || (await this.secrets.has(LLM_API_KEY_SECRET)),
      keyStorage: { kind: this.secrets.kind, description: this.secrets.description },
      presets: providerPresets,
    };
  }

  async configure(input: ProviderConfigInput, enabled: boolean): Promise<LlmStatus> {
    const config = parseProviderConfig(input);
    const now = new Date().toISOString();
    const value = JSON.stringify({ enabled, config });
    await this.db
      .insertInto('settings')
      .values({ key: CONFIG_KEY, value_json: value, updated_at: now })
      .onConflict((oc) => oc.column('key').doUpdateSet({ value_json: value, updated_at: now }))
      .execute();
    return this.status();
  }

  async setEnabled(enabled: boolean): Promise<LlmStatus> {
    const stored = await this.stored();
    if (!stored) {
      if (enabled) throw new AppError('NOT_FOUND', 'Save the provider settings (base URL and model) before switching the AI persona on.');
      return this.status();
    }
    return this.configure(stored.config, enabled);
  }

  async setApiKey(apiKey: string): Promise<LlmStatus> {
    await this.secrets.set(LLM_API_KEY_SECRET, apiKey);
    return this.status();
  }

  async clearApiKey(): Promise<LlmStatus> {
    await this.secrets.clear(LLM_API_KEY_SECRET);
    return this.status();
  }

  /** The client for new sessions, or null when no provider is configured and enabled. */
  async activeClient(): Promise<{ client: LlmClient; config: ProviderConfig } | null> {
    const stored = await this.stored();
    if (!stored?.enabled) return null;
    const apiKey = await this.apiKey();
    const fingerprint = createHash('sha256').update(JSON.stringify(stored.config)).update('\0').update(apiKey ?? '').digest('hex');
    if (this.#cached?.fingerprint !== fingerprint) {
      void this.#cached?.client.dispose();
      this.#cached = { fingerprint, client: createLlmClient(stored.config, apiKey) };
    }
    return { client: this.#cached.client, config: stored.config };
  }

  /** Tries a provider (the saved one, or the settings being edited) and reports exactly what failed. */
  async testConnection(input?: ProviderConfigInput, apiKey?: string): Promise<ConnectionTestResult> {
    const config = input ? parseProviderConfig(input) : (await this.stored())?.config;
    if (!config) throw new AppError('NOT_FOUND', 'No LLM provider is configured yet. Fill in the base URL and model first.');
    const client = createLlmClient(config, apiKey ?? (await this.apiKey()));
    try {
      return await client.testConnection();
    } finally {
      await client.dispose();
    }
  }
}
