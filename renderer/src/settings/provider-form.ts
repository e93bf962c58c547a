import type { LlmStatus } from '../../../shared/ipc/contract';
import { providerConfigSchema, type ProviderConfig, type ProviderConfigInput, type ProviderPreset } from '../../../shared/llm/provider-config';

/**
 * The provider settings form: what the fields hold (text, as typed), how that becomes a
 * `ProviderConfig` for main, and how problems — ours or main's BAD_INPUT — are put next to
 * the field they concern, in plain words.
 */

export type PresetChoice = ProviderPreset['id'] | 'custom';

export interface ProviderForm {
  enabled: boolean;
  preset: PresetChoice;
  baseUrl: string;
  model: string;
  temperature: string;
  maxTokens: string;
  /** Seconds in the form; milliseconds in the config. */
  timeoutSeconds: string;
  requestsPerMinute: string;
  tokensPerHour: string;
  proxyUrl: string;
  judgeEnabled: boolean;
  hybridRuleWeight: number;
}

export type FormField = Exclude<keyof ProviderForm, 'preset'>;
export type FieldErrors = Partial<Record<FormField, string>>;

/** The schema's defaults, as the form shows them. */
const defaults = providerConfigSchema.parse({ baseUrl: 'http://localhost', model: 'm' });

export const fieldLabels: Record<FormField, string> = {
  enabled: 'Use the AI persona',
  baseUrl: 'Base URL',
  model: 'Model',
  temperature: 'Temperature',
  maxTokens: 'Max tokens per reply',
  timeoutSeconds: 'Request timeout',
  requestsPerMinute: 'Requests per minute',
  tokensPerHour: 'Tokens per hour',
  proxyUrl: 'Proxy URL',
  judgeEnabled: 'AI judge',
  hybridRuleWeight: 'Keyword weight',
};

/** The fields in the order the form shows them (the first with a problem gets the focus). */
export const formFieldOrder = Object.keys(fieldLabels) as FormField[];

/** The first field, in form order, that has a problem. */
export function firstInvalidField(errors: FieldErrors): FormField | undefined {
  return formFieldOrder.find((field) => errors[field] !== undefined);
}

interface NumberRule {
  min: number;
  max: number;
  integer: boolean;
  /** How the bounds are said ("between 0 and 2", "from 1 to 32,768 tokens"). */
  range: string;
}

const numberRules: Record<'temperature' | 'maxTokens' | 'timeoutSeconds' | 'requestsPerMinute' | 'tokensPerHour', NumberRule> = {
  temperature: { min: 0, max: 2, integer: false, range: 'a number from 0 to 2' },
  maxTokens: { min: 1, max: 32_768, integer: true, range: 'a whole number from 1 to 32,768' },
  timeoutSeconds: { min: 0.1, max: 600, integer: false, range: 'a number of seconds from 0.1 to 600' },
  requestsPerMinute: { min: 1, max: 10_000, integer: true, range: 'a whole number from 1 to 10,000' },
  tokensPerHour: { min: 100, max: 100_000_000, integer: true, range: 'a whole number from 100 to 100,000,000' },
};

const configToFormField: Record<keyof ProviderConfig, FormField> = {
  baseUrl: 'baseUrl',
  model: 'model',
  temperature: 'temperature',
  maxTokens: 'maxTokens',
  timeoutMs: 'timeoutSeconds',
  requestsPerMinute: 'requestsPerMinute',
  tokensPerHour: 'tokensPerHour',
  proxyUrl: 'proxyUrl',
  judgeEnabled: 'judgeEnabled',
  hybridRuleWeight: 'hybridRuleWeight',
};

/** The preset whose base URL is this one, else "custom". */
export function matchPreset(presets: readonly ProviderPreset[], baseUrl: string): PresetChoice {
  const normalised = baseUrl.trim().replace(/\/+$/, '');
  return presets.find((preset) => preset.baseUrl === normalised)?.id ?? 'custom';
}

const numberText = (value: number) => String(value);

/** The form as main's saved settings (or the defaults, when nothing is saved yet). */
export function formFromStatus(status: LlmStatus): ProviderForm {
  const config = status.config;
  const source = config ?? defaults;
  return {
    enabled: status.enabled,
    preset: config ? matchPreset(status.presets, config.baseUrl) : 'custom',
    baseUrl: config?.baseUrl ?? '',
    model: config?.model ?? '',
    temperature: numberText(source.temperature),
    maxTokens: numberText(source.maxTokens),
    timeoutSeconds: numberText(source.timeoutMs / 1000),
    requestsPerMinute: numberText(source.requestsPerMinute),
    tokensPerHour: numberText(source.tokensPerHour),
    proxyUrl: config?.proxyUrl ?? '',
    judgeEnabled: source.judgeEnabled,
    hybridRuleWeight: source.hybridRuleWeight,
  };
}

/** Fills base URL and model from a preset; everything else stays as it is. */
export function applyPreset(form: ProviderForm, presets: readonly ProviderPreset[], choice: PresetChoice): ProviderForm {
  const preset = presets.find((candidate) => candidate.id === choice);
  if (!preset) return { ...form, preset: 'custom' };
  return { ...form, preset: preset.id, baseUrl: preset.baseUrl, model: preset.model };
}

/** Whether two forms would save the same settings. */
export function sameSettings(a: ProviderForm, b: ProviderForm): boolean {
  return JSON.stringify({ ...a, preset: null }) === JSON.stringify({ ...b, preset: null });
}

function parseNumber(field: keyof typeof numberRules, text: string, errors: FieldErrors): number | undefined {
  const rule = numberRules[field];
  const trimmed = text.trim().replace(',', '.');
  const value = trimmed === '' ? Number.NaN : Number(trimmed);
  if (!Number.isFinite(value) || value < rule.min || value > rule.max || (rule.integer && !Number.isInteger(value))) {
    errors[field] = `${fieldLabels[field]} must be ${rule.range}.`;
    return undefined;
  }
  return value;
}

/**
 * The config main will be sent, or the problems to fix first. Checked with the same schema
 * main uses, so what passes here is what main accepts.
 */
export function formToConfig(form: ProviderForm): { ok: true; config: ProviderConfigInput } | { ok: false; errors: FieldErrors } {
  const errors: FieldErrors = {};
  const temperature = parseNumber('temperature', form.temperature, errors);
  const maxTokens = parseNumber('maxTokens', form.maxTokens, errors);
  const timeoutSeconds = parseNumber('timeoutSeconds', form.timeoutSeconds, errors);
  const requestsPerMinute = parseNumber('requestsPerMinute', form.requestsPerMinute, errors);
  const tokensPerHour = parseNumber('tokensPerHour', form.tokensPerHour, errors);
  const config: ProviderConfigInput = {
    baseUrl: form.baseUrl.trim(),
    model: form.model.trim(),
    temperature,
    maxTokens,
    timeoutMs: timeoutSeconds === undefined ? undefined : Math.round(timeoutSeconds * 1000),
    requestsPerMinute,
    tokensPerHour,
    judgeEnabled: form.judgeEnabled,
    hybridRuleWeight: Math.round(form.hybridRuleWeight * 100) / 100,
    ...(form.proxyUrl.trim() !== '' ? { proxyUrl: form.proxyUrl.trim() } : {}),
  };
  const checked = providerConfigSchema.safeParse(config);
  if (!checked.success) {
    for (const issue of checked.error.issues) {
      const field = configToFormField[issue.path[0] as keyof ProviderConfig];
      // Numbers already have their own sentence (and undefined ones were caught above).
      if (field && errors[field] === undefined) errors[field] = plainIssue(field, issue.message);
    }
  }
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  // Send exactly what was typed: main applies the same schema (and its transforms).
  return { ok: true, config };
}

/** A schema message in plain words, naming the field when the message does not. */
function plainIssue(field: FormField, message: string): string {
  if (field in numberRules) return `${fieldLabels[field]} must be ${numberRules[field as keyof typeof numberRules].range}.`;
  const sentence = message.charAt(0).toUpperCase() + message.slice(1);
  const named = /^the |^a |^an /i.test(message) || message.toLowerCase().includes(fieldLabels[field].toLowerCase());
  const text = named ? sentence : `${fieldLabels[field]}: ${message}`;
  return /[.!?]$/.test(text) ? text : `${text}.`;
}

/**
 * Main's refusal (BAD_INPUT) split into field messages where it names a field:
 * "Invalid input for llm.configure: config.baseUrl: The base URL must …; config.timeoutMs: Too big…"
 * or "Invalid LLM provider settings — baseUrl: …". What names no field stays in `general`.
 */
export function fieldErrorsFromMessage(message: string): { fields: FieldErrors; general: string | null } {
  const body = message.replace(/^Invalid input for [\w.]+:\s*/, '').replace(/^Invalid LLM provider settings\s*[—-]\s*/, '');
  const fields: FieldErrors = {};
  const rest: string[] = [];
  for (const part of body.split(/;\s+/)) {
    const match = /^(?:config\.)?(\w+):\s*(.+)$/s.exec(part.trim());
    const field = match ? configToFormField[match[1] as keyof ProviderConfig] : undefined;
    if (match && field) fields[field] = plainIssue(field, match[2]!.trim());
    else if (part.trim() !== '') rest.push(part.trim());
  }
  if (Object.keys(fields).length === 0) return { fields, general: message };
  return { fields, general: rest.length > 0 ? rest.join('; ') : null };
}

/** The hybrid formula with numbers, for the slider's explanation. */
export function hybridExample(weight: number, rule = 80, judge = 60): string {
  const score = Math.round(weight * rule + (1 - weight) * judge);
  return `With w = ${weight.toFixed(2)}, a keyword score of ${rule} and a judge score of ${judge} give ${score}.`;
}
