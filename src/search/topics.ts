/**
 * The curated topic table: each slug names a common ML topic, with the phrases, acronyms and
 * method names that mean it. A phrase scores only where all its words occur in the same field;
 * its weight says how strongly it signals the topic (1 = the topic's own name).
 */
export interface TopicDefinition {
  slug: string;
  label: string;
  phrases: ReadonlyArray<readonly [phrase: string, weight: number]>;
}

const topic = (slug: string, label: string, phrases: Array<[string, number]>): TopicDefinition => ({
  slug,
  label,
  phrases,
});

export const TOPICS: readonly TopicDefinition[] = [
  topic('reinforcement-learning', 'Reinforcement learning', [
    ['reinforcement learning', 1],
    ['rl', 0.9],
    ['policy optimization', 0.9],
    ['policy gradient', 0.9],
    ['ppo', 0.9],
    ['grpo', 0.9],
    ['dapo', 0.8],
    ['rlvr', 0.9],
    ['verifiable rewards', 0.8],
    ['reward', 0.5],
    ['q-learning', 0.9],
    ['actor-critic', 0.9],
    ['markov decision process', 0.7],
    ['rlhf', 0.7],
    ['agentic rl', 0.9],
  ]),
  topic('rlhf', 'RLHF and preference optimization', [
    ['rlhf', 1],
    ['reinforcement learning from human feedback', 1],
    ['human feedback', 0.9],
    ['ai feedback', 0.8],
    ['rlaif', 0.9],
    ['preference optimization', 0.9],
    ['dpo', 0.9],
    ['reward model', 0.9],
    ['preference data', 0.8],
    ['human preferences', 0.8],
    ['alignment', 0.5],
  ]),
  topic('chain-of-thought', 'Chain-of-thought reasoning', [
    ['chain-of-thought', 1],
    ['cot', 1],
    ['reasoning traces', 0.8],
    ['reasoning chains', 0.8],
    ['step-by-step reasoning', 0.8],
    ['long cot', 0.9],
    ['thinking', 0.5],
    ['reasoning', 0.4],
  ]),
  topic('reasoning', 'Reasoning in language models', [
    ['reasoning', 1],
    ['chain-of-thought', 0.8],
    ['cot', 0.7],
    ['mathematical reasoning', 0.9],
    ['test-time scaling', 0.7],
    ['thinking', 0.6],
  ]),
  topic('multimodal', 'Multimodal models', [
    ['multimodal', 1],
    ['vision-language', 1],
    ['vlm', 1],
    ['mllm', 1],
    ['lmm', 0.9],
    ['vla', 0.9],
    ['vision-language-action', 0.9],
    ['image-text', 0.8],
    ['audio-visual', 0.8],
    ['visual question answering', 0.8],
    ['omni-modal', 0.9],
    ['cross-modal', 0.8],
  ]),
  topic('theory-of-mind', 'Theory of mind', [
    ['theory of mind', 1],
    ['tom', 0.9],
    ['mental states', 0.9],
    ['false belief', 0.9],
    ['beliefs intentions', 0.8],
    ['perspective taking', 0.8],
    ['social reasoning', 0.7],
  ]),
  topic('robotics', 'Robotics', [
    ['robot', 1],
    ['manipulation', 0.8],
    ['embodied', 0.8],
    ['vla', 0.8],
    ['vision-language-action', 0.9],
    ['locomotion', 0.9],
    ['humanoid', 0.9],
    ['grasping', 0.8],
    ['sim-to-real', 0.9],
    ['dexterous', 0.8],
  ]),
  topic('diffusion', 'Diffusion models', [
    ['diffusion', 1],
    ['diffusion model', 1],
    ['denoising', 0.7],
    ['flow matching', 0.8],
    ['score-based', 0.7],
    ['dit', 0.8],
    ['latent diffusion', 1],
  ]),
  topic('text-to-image', 'Text-to-image generation', [
    ['text-to-image', 1],
    ['image generation', 1],
    ['image editing', 0.8],
    ['t2i', 1],
    ['diffusion', 0.4],
  ]),
  topic('video-generation', 'Video generation', [
    ['video generation', 1],
    ['text-to-video', 1],
    ['image-to-video', 1],
    ['t2v', 1],
    ['i2v', 1],
    ['video diffusion', 1],
    ['video synthesis', 1],
    ['video', 0.4],
  ]),
  topic('agents', 'LLM agents', [
    ['agent', 1],
    ['agentic', 1],
    ['tool use', 0.9],
    ['tool calling', 0.9],
    ['multi-agent', 0.9],
    ['web agent', 1],
    ['gui agent', 1],
    ['planning', 0.4],
  ]),
  topic('code-generation', 'Code generation', [
    ['code generation', 1],
    ['code llm', 0.9],
    ['programming', 0.8],
    ['coding agent', 0.9],
    ['code completion', 0.9],
    ['program synthesis', 0.9],
    ['software engineering', 0.8],
    ['swe-bench', 0.9],
    ['repository', 0.4],
  ]),
  topic('retrieval-augmented-generation', 'Retrieval-augmented generation', [
    ['retrieval-augmented generation', 1],
    ['retrieval augmented', 1],
    ['rag', 1],
    ['retrieval', 0.7],
    ['retriever', 0.8],
    ['dense retrieval', 0.8],
    ['knowledge base', 0.5],
  ]),
  topic('efficient-inference', 'Efficient inference', [
    ['efficient inference', 1],
    ['inference efficiency', 1],
    ['quantization', 0.9],
    ['pruning', 0.8],
    ['kv cache', 0.9],
    ['speculative decoding', 1],
    ['latency', 0.6],
    ['throughput', 0.5],
    ['speedup', 0.6],
    ['acceleration', 0.6],
    ['distillation', 0.5],
    ['sparse attention', 0.7],
    ['compression', 0.6],
  ]),
  topic('mixture-of-experts', 'Mixture of experts', [
    ['mixture-of-experts', 1],
    ['moe', 1],
    ['experts', 0.6],
    ['expert routing', 0.9],
    ['sparse experts', 0.9],
  ]),
  topic('benchmarks', 'Benchmarks and evaluation', [
    ['benchmark', 1],
    ['bench', 0.9],
    ['dataset', 0.5],
    ['evaluation suite', 0.9],
    ['leaderboard', 0.8],
    ['evaluation', 0.5],
  ]),
  topic('3d-vision', '3D vision and generation', [
    ['3d', 1],
    ['gaussian splatting', 1],
    ['3dgs', 1],
    ['nerf', 1],
    ['neural radiance', 1],
    ['point cloud', 0.9],
    ['mesh', 0.8],
    ['novel view synthesis', 0.9],
    ['depth estimation', 0.7],
    ['reconstruction', 0.5],
  ]),
  topic('speech-audio', 'Speech and audio', [
    ['speech', 1],
    ['audio', 1],
    ['asr', 0.9],
    ['text-to-speech', 1],
    ['tts', 1],
    ['voice', 0.8],
    ['music', 0.8],
  ]),
  topic('in-context-learning', 'In-context learning', [
    ['in-context learning', 1],
    ['icl', 1],
    ['few-shot', 0.7],
    ['demonstrations', 0.6],
  ]),
  topic('long-context', 'Long context', [
    ['long-context', 1],
    ['context window', 0.9],
    ['context length', 0.9],
    ['long sequence', 0.8],
  ]),
  topic('alignment-safety', 'Alignment and safety', [
    ['alignment', 1],
    ['safety', 1],
    ['jailbreak', 0.9],
    ['red teaming', 0.9],
    ['harmful', 0.8],
    ['guardrail', 0.8],
  ]),
  topic('hallucination', 'Hallucination and factuality', [
    ['hallucination', 1],
    ['factuality', 0.9],
    ['faithfulness', 0.8],
    ['grounding', 0.5],
  ]),
  topic('fine-tuning', 'Fine-tuning and PEFT', [
    ['fine-tuning', 1],
    ['lora', 1],
    ['peft', 1],
    ['parameter-efficient', 1],
    ['adapter', 0.6],
    ['supervised fine-tuning', 1],
    ['sft', 0.9],
  ]),
  topic('interpretability', 'Interpretability', [
    ['interpretability', 1],
    ['mechanistic', 0.9],
    ['sparse autoencoder', 0.9],
    ['sae', 0.8],
    ['circuits', 0.8],
    ['probing', 0.7],
    ['explainability', 0.9],
  ]),
  topic('world-models', 'World models', [
    ['world model', 1],
    ['world simulator', 0.9],
    ['video prediction', 0.7],
  ]),
  topic('medical', 'Medical and clinical AI', [
    ['medical', 1],
    ['clinical', 1],
    ['healthcare', 1],
    ['radiology', 0.9],
    ['biomedical', 0.9],
    ['patient', 0.7],
  ]),
  topic('math', 'Mathematics', [
    ['mathematical', 1],
    ['math', 1],
    ['theorem proving', 1],
    ['olympiad', 0.9],
    ['lean', 0.7],
    ['aime', 0.9],
  ]),
  topic('graph-neural-networks', 'Graph neural networks', [
    ['graph neural network', 1],
    ['gnn', 1],
    ['gnns', 1],
    ['graph', 0.6],
    ['message passing', 0.8],
  ]),
  topic('embeddings', 'Embeddings and representation learning', [
    ['embedding', 1],
    ['representation learning', 1],
    ['contrastive', 0.8],
  ]),
];

const BY_SLUG = new Map(TOPICS.map((t) => [t.slug, t]));

/** The curated definition for a slug, if there is one. */
export function findTopic(slug: string): TopicDefinition | undefined {
  return BY_SLUG.get(slug);
}

/** A slug is lower-case words joined by hyphens: `reinforcement-learning`, `3d-vision`. */
export const SLUG = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

/**
 * The definition to search with for any well-formed slug: the curated one, or the slug's own
 * words as a phrase (so `graph-transformers` still works, just without aliases).
 */
export function resolveTopic(slug: string): TopicDefinition {
  return findTopic(slug) ?? { slug, label: slug.replace(/-/g, ' '), phrases: [[slug.replace(/-/g, ' '), 1]] };
}
