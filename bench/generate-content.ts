import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { seededRandom } from './stats';

const vocabulary = (
  'claim policy deductible adjuster inspection rental coverage comprehensive collision hail storm damage windshield ' +
  'customer empathy apologize verify identity address payment estimate repair shop photos receipt timeline escalate ' +
  'manager complaint refund invoice delivery warranty replacement schedule appointment follow call listen summarize ' +
  'question answer support wellbeing worry strength goal plan safety resource emergency contact record document ' +
  'agent process review approval fraud report vehicle driver passenger accident witness police location date time'
).split(' ');

// Real text is Zipf-like: a few function words everywhere, a long tail of rarer ones. The
// 40 most frequent made-up words play the part of "the/and/of"; the domain words that
// queries use are spread through the ranks after them, so some are common, some rare.
const syllables = ['ka', 'lo', 'mi', 'ren', 'sta', 'vo', 'pli', 'dor', 'ne', 'tu', 'gra', 'sil', 'mo', 'bex', 'quin', 'har', 'zel', 'fo', 'wun', 'tri'];
const corpusWords: string[] = [];
for (let index = 0; corpusWords.length < 2000; index++) {
  if (index >= 40 && index % 19 === 0 && (index - 40) / 19 < vocabulary.length) corpusWords.push(vocabulary[Math.floor((index - 40) / 19)]!);
  else corpusWords.push(syllables[index % 20]! + syllables[Math.floor(index / 20) % 20]! + syllables[Math.floor(index / 400) % 20]!);
}

function sentence(random: () => number, words: number): string {
  const picked = Array.from({ length: words }, () => corpusWords[Math.floor(corpusWords.length * random() ** 2.5)]!);
  const text = picked.join(' ');
  return text.charAt(0).toUpperCase() + text.slice(1) + '.';
}

/** Writes `count` valid scenario folders; each has one Markdown document of about `docBytes`. */
export function generateScenarioFolders(root: string, count: number, docBytes: number, seed = 42): void {
  const random = seededRandom(seed);
  for (let index = 0; index < count; index++) {
    const id = `bench.scenario_${String(index).padStart(4, '0')}.v1`;
    const dir = join(root, id);
    mkdirSync(join(dir, 'docs'), { recursive: true });
    const steps = Array.from({ length: 6 }, (_, step) => [
      `  - id: step_${step}`,
      `    persona_says: "${sentence(random, 12)}"`,
      `    variations: ["${sentence(random, 10)}"]`,
      `    goal: "${sentence(random, 8)}"`,
      `    expected_keywords: [${vocabulary[(index + step) % vocabulary.length]}, ${vocabulary[(index + step + 7) % vocabulary.length]}]`,
      `    synonyms: { ${vocabulary[(index + step) % vocabulary.length]}: ["${vocabulary[(index + step + 3) % vocabulary.length]}"] }`,
      `    forbidden: ["calm down"]`,
      `    pass_score: 60`,
      `    max_attempts: 3`,
      `    hint: "${sentence(random, 8)}"`,
      `    follow_up: "${sentence(random, 8)}"`,
    ].join('\n'));
    writeFileSync(join(dir, 'scenario.yaml'), [
      `id: ${id}`,
      `title: Bench scenario ${index}`,
      `description: "${sentence(random, 20)}"`,
      `domain: ${['insurance', 'retail', 'health', 'banking'][index % 4]}`,
      `version: 1.0.0`,
      `difficulty: ${['beginner', 'intermediate', 'advanced'][index % 3]}`,
      `duration_minutes: 20`,
      `tags: [bench, generated]`,
      `persona:`,
      `  name: Persona ${index}`,
      `  role: "${sentence(random, 6)}"`,
      `  traits: [calm]`,
      `documents:`,
      `  - file: docs/guide.md`,
      `    title: Guide ${index}`,
      `steps:`,
      ...steps,
      `rubric:`,
      `  - criterion: empathy`,
      `    weight: 1`,
      `    checks: ["Acknowledges the customer"]`,
      `completion:`,
      `  pass_score: 70`,
    ].join('\n'));
    let doc = `# Guide ${index}\n\n`;
    let section = 0;
    while (doc.length < docBytes) {
      doc += `## Section ${section++}\n\n`;
      for (let paragraph = 0; paragraph < 3; paragraph++) {
        doc += Array.from({ length: 6 }, () => sentence(random, 14)).join(' ') + '\n\n';
      }
    }
    writeFileSync(join(dir, 'docs', 'guide.md'), doc);
  }
}

export function randomQuery(random: () => number): string {
  const words = 1 + Math.floor(random() * 3);
  return Array.from({ length: words }, () => vocabulary[Math.floor(random() * vocabulary.length)]!).join(' ');
}
