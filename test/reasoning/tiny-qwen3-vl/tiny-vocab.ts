/**
 * Vocabulary and tokenizer files of the tiny Qwen3-VL test model: one token per character (newline and
 * printable ASCII), `[UNK]` for anything else, and the Qwen special tokens as added tokens, so the scripted
 * reply can be spelled exactly and decoded back without spaces being invented.
 */

export const SPECIAL_TOKENS = [
  '<|endoftext|>',
  '<|im_start|>',
  '<|im_end|>',
  '<|vision_start|>',
  '<|vision_end|>',
  '<|image_pad|>',
  '<|video_pad|>',
] as const;

/** Qwen3 marks the think tags as added but not special: decoding keeps them. */
export const THINK_TOKENS = ['<think>', '</think>'] as const;

const UNK = '[UNK]';
const CHARACTERS = ['\n', ...Array.from({ length: 126 - 32 + 1 }, (_, i) => String.fromCharCode(32 + i))];

export const VOCAB: readonly string[] = [UNK, ...CHARACTERS, ...SPECIAL_TOKENS, ...THINK_TOKENS];

export function tokenId(token: string): number {
  const id = VOCAB.indexOf(token);
  if (id < 0) throw new Error(`token ${JSON.stringify(token)} is not in the tiny vocabulary`);
  return id;
}

/** The ids that spell `text`, with `<think>`/`</think>` as single tokens. */
export function spell(text: string): number[] {
  return text
    .split(/(<think>|<\/think>)/)
    .filter((part) => part.length > 0)
    .flatMap((part) => (part === '<think>' || part === '</think>' ? [part] : [...part]))
    .map(tokenId);
}

export function tokenizerJson(): object {
  const addedTokens = [...SPECIAL_TOKENS, ...THINK_TOKENS].map((content) => ({
    id: tokenId(content),
    content,
    single_word: false,
    lstrip: false,
    rstrip: false,
    normalized: false,
    special: !(THINK_TOKENS as readonly string[]).includes(content),
  }));
  return {
    version: '1.0',
    truncation: null,
    padding: null,
    added_tokens: addedTokens,
    normalizer: null,
    pre_tokenizer: { type: 'Split', pattern: { Regex: '[\\s\\S]' }, behavior: 'Isolated', invert: false },
    post_processor: null,
    decoder: { type: 'Fuse' },
    model: { type: 'WordLevel', vocab: Object.fromEntries(VOCAB.map((t, i) => [t, i])), unk_token: UNK },
  };
}

/** Close to Qwen3-VL's template: string or part-list content, images as vision_start/image_pad/vision_end. */
const CHAT_TEMPLATE = [
  '{%- set image_count = namespace(value=0) -%}',
  '{%- for message in messages -%}',
  "{{- '<|im_start|>' + message.role + '\\n' -}}",
  '{%- if message.content is string -%}{{- message.content -}}',
  '{%- else -%}{%- for content in message.content -%}',
  "{%- if content.type == 'image' or 'image' in content or 'image_url' in content -%}",
  '{%- set image_count.value = image_count.value + 1 -%}',
  "{%- if add_vision_id -%}{{- 'Picture ' + image_count.value|string + ': ' -}}{%- endif -%}",
  "{{- '<|vision_start|><|image_pad|><|vision_end|>' -}}",
  "{%- elif content.type == 'video' or 'video' in content -%}{{- '<|vision_start|><|video_pad|><|vision_end|>' -}}",
  "{%- elif 'text' in content -%}{{- content.text -}}{%- endif -%}",
  '{%- endfor -%}{%- endif -%}',
  "{{- '<|im_end|>\\n' -}}",
  '{%- endfor -%}',
  "{%- if add_generation_prompt -%}{{- '<|im_start|>assistant\\n' -}}{%- endif -%}",
].join('');

export function tokenizerConfigJson(): object {
  const addedTokensDecoder = Object.fromEntries(
    (tokenizerJson() as { added_tokens: Array<{ id: number }> }).added_tokens.map((t) => [String(t.id), t]),
  );
  return {
    tokenizer_class: 'Qwen2Tokenizer',
    added_tokens_decoder: addedTokensDecoder,
    bos_token: null,
    eos_token: '<|im_end|>',
    pad_token: '<|endoftext|>',
    unk_token: UNK,
    clean_up_tokenization_spaces: false,
    model_max_length: 262144,
    chat_template: CHAT_TEMPLATE,
  };
}
