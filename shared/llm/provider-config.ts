import { z } from 'zod';
import { AppError } from '../errors';

/**
 * Settings of the LLM provider: any OpenAI-compatible endpoint (OpenAI, Azure OpenAI v1,
 * Ollama, llama.cpp server, LM Studio, vLLM). The API key is NOT part of this object: it
 * lives in the secret store (see `electron/main/secrets`) and is handed to
 * `createLlmClient` separately, so this object can be stored in the settings table,
 * shown in the renderer and exported without leaking it.
 */

/** An absolute http(s) URL without embedded credentials; trailing slashes are removed. */
function httpUrl(label: string, options: { allowCredentials: boolean }) {
  return z
    .string()
    .trim()
    .min(1, `${label} is required`)
    .max(2000)
    .superRefine((value, ctx) => {
      let url: URL;
      try {
        url = new URL(value);
      } catch {
        ctx.addIssue({ code: 'custom', message: `${label} must be a full URL such as http://localhost:11434/v1` });
        return;
      }
      if (url.protocol !== 'http:' && url.protocol !== 'https:') {
        ctx.addIssue({ code: 'custom', message: `${label} must start with http:// or https://` });
      }
      if (!options.allowCredentials && (url.username || url.password)) {
        ctx.addIssue({ code: 'custom', message: `${label} must not contain a user name or password; put the API key in the key field` });
      }
      if (url.search || url.hash) {
        ctx.addIssue({ code: 'custom', message: `${label} must not contain a query (?…) or fragment (#…)` });
      }
    })
    .transform((value) => value.replace(/\/+$/, ''));
}

export const providerConfigSchema = z.strictObject({
  /** The OpenAI-compatible API root, e.g. `https://api.openai.com/v1` or `http://localhost:11434/v1`. */
  baseUrl: httpUrl('The base URL', { allowCredentials: false }),
  /** Model name as the server knows it (`gpt-4o-mini`, `llama3.2`, …). */
  model: z.string().trim().min(1, 'The model name is required').max(200),
  /** Default sampling temperature; a scenario's `llm.temperature` overrides it for persona turns. */
  temperature: z.number().min(0).max(2).default(0.7),
  /** Default reply length limit; a scenario's `llm.max_tokens` overrides it for persona turns. */
  maxTokens: z.number().int().min(1).max(32_768).default(300),
  /**
   * How long to wait for the server to start answering, and the longest pause allowed
   * between two streamed chunks. Milliseconds.
   */
  timeoutMs: z.number().int().min(100).max(600_000).default(30_000),
  /** Local budget: at most this many requests in any 60-second window. */
  requestsPerMinute: z.number().int().min(1).max(10_000).default(30),
  /** Local budget: at most this many tokens (prompt + completion) in any 60-minute window. */
  tokensPerHour: z.number().int().min(100).max(100_000_000).default(100_000),
  /**
   * Optional HTTP(S) proxy for corporate networks, e.g. `http://proxy.example.com:8080`
   * (`http://user:password@host:port` is accepted; the credentials are never shown in
   * messages). Not used for loopback servers (localhost, 127.0.0.1, ::1).
   */
  proxyUrl: httpUrl('The proxy URL', { allowCredentials: true }).optional(),
  /** Whether answers are also scored by the LLM judge (otherwise only by rules). */
  judgeEnabled: z.boolean().default(true),
  /**
   * Weight w of the rule-based score in the hybrid score:
   * `hybrid = round(w · rule + (1 − w) · judge)`, both scores 0–100.
   * w = 1 means rules only, w = 0 means judge only, the default 0.5 averages them.
   * When the judge fails the hybrid score is not computed and the rule score is used.
   */
  hybridRuleWeight: z.number().min(0).max(1).default(0.5),
});

/** Validated provider settings with every default filled in. */
export type ProviderConfig = z.infer<typeof providerConfigSchema>;
/** What a settings form may submit: defaults may be left out. */
export type ProviderConfigInput = z.input<typeof providerConfigSchema>;

/** Validates provider settings; throws AppError('BAD_INPUT') naming the first bad field. */
export function parseProviderConfig(input: unknown): ProviderConfig {
  const result = providerConfigSchema.safeParse(input);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const field = issue && issue.path.length > 0 ? `${issue.path.join('.')}: ` : '';
  throw new AppError('BAD_INPUT', `Invalid LLM provider settings — ${field}${issue?.message ?? 'invalid value'}`);
}

export interface ProviderPreset {
  id: 'openai' | 'azure-openai' | 'ollama' | 'lm-studio' | 'llama-cpp' | 'vllm';
  label: string;
  baseUrl: string;
  /** A sensible default model; the user can change it. */
  model: string;
  /** Whether the server needs an API key (local servers do not). */
  needsApiKey: boolean;
  /** One sentence shown under the preset in the settings form. */
  note: string;
}

/** Starting points for the settings form. */
export const providerPresets: readonly ProviderPreset[] = [
  {
    id: 'openai',
    label: 'OpenAI',
    baseUrl: 'https://api.openai.com/v1',
    model: 'gpt-4o-mini',
    needsApiKey: true,
    note: 'Needs an API key from platform.openai.com and an internet connection.',
  },
  {
    id: 'azure-openai',
    label: 'Azure OpenAI',
    baseUrl: 'https://YOUR-RESOURCE.openai.azure.com/openai/v1',
    model: 'gpt-4o-mini',
    needsApiKey: true,
    note: 'Replace YOUR-RESOURCE with your resource name; the model is your deployment name.',
  },
  {
    id: 'ollama',
    label: 'Ollama',
    baseUrl: 'http://localhost:11434/v1',
    model: 'llama3.2',
    needsApiKey: false,
    note: 'Runs locally without internet. Start Ollama and pull the model first (ollama pull llama3.2).',
  },
  {
    id: 'lm-studio',
    label: 'LM Studio',
    baseUrl: 'http://localhost:1234/v1',
    model: 'llama-3.2-3b-instruct',
    needsApiKey: false,
    note: 'Start the local server in LM Studio (Developer tab) and load a model.',
  },
  {
    id: 'llama-cpp',
    label: 'llama.cpp server',
    baseUrl: 'http://localhost:8080/v1',
    model: 'default',
    needsApiKey: false,
    note: 'Start llama-server with your model; it serves whatever model it was started with.',
  },
  {
    id: 'vllm',
    label: 'vLLM',
    baseUrl: 'http://localhost:8000/v1',
    model: 'meta-llama/Llama-3.2-3B-Instruct',
    needsApiKey: false,
    note: 'The model name must match the one vLLM was started with; a key only if --api-key was set.',
  },
];

/** Whether a URL points at this machine (no proxy is used for those). */
export function isLoopbackUrl(url: string): boolean {
  let host: string;
  try {
    host = new URL(url).hostname.toLowerCase();
  } catch {
    return false;
  }
  return host === 'localhost' || host.endsWith('.localhost') || host === '[::1]' || host === '::1' || /^127\.\d+\.\d+\.\d+$/.test(host);
}
