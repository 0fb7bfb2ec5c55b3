/**
 * Markdown describing exercises to learners: the prompt, the exports to
 * write, and the checks with their points. Shared by the starter's README
 * and `deno task exercises`.
 */

import { checkVisibility } from "./check.ts";
import type { Exercise, ExerciseSet } from "./types.ts";

/** Points an exercise can lose (required checks) and win as a bonus (optional ones). */
export function pointsOf(ex: Exercise): { required: number; bonus: number } {
  let required = 0, bonus = 0;
  for (const check of ex.checks) {
    if (check.optional) bonus += check.points;
    else required += check.points;
  }
  return { required, bonus };
}

/** " (6 points)", " (3 bonus points)", " (6 points + 2 bonus)". */
export function pointsLabel(
  { required, bonus }: { required: number; bonus: number },
): string {
  const n = (x: number, unit: string) => `${x} ${unit}${x === 1 ? "" : "s"}`;
  if (bonus === 0) return n(required, "point");
  if (required === 0) return n(bonus, "bonus point");
  return `${n(required, "point")} + ${bonus} bonus`;
}

/** One exercise as a Markdown section. */
export function exerciseMarkdown(ex: Exercise): string {
  const lines = [`## Exercise ${ex.id}: ${ex.title}`, "", ex.prompt.trim(), ""];
  lines.push(`**Your module \`${ex.id}.ts\` exports:**`, "");
  for (const [name, spec] of Object.entries(ex.exports)) {
    lines.push(`- \`${name}: ${spec.type}\` (${spec.kind}): ${spec.doc}`);
  }
  lines.push("", `**Checks (${pointsLabel(pointsOf(ex))}):**`, "");
  for (const check of ex.checks) {
    const notes = [
      check.optional ? "bonus" : "",
      checkVisibility(check) === "hidden" ? "hidden" : "",
    ]
      .filter((s) => s !== "");
    lines.push(
      `- ${check.name}: ${check.points} point${check.points === 1 ? "" : "s"}${
        notes.length ? ` (${notes.join(", ")})` : ""
      }`,
    );
  }
  return lines.join("\n") + "\n";
}

/**
 * The learner's README for a set: how to work, then every exercise.
 * `source` is what the grade command needs to find the set: `--set <id>`,
 * `--set <file>` or `--plan <file>`.
 */
export function setReadme(
  set: ExerciseSet,
  source = `--set ${set.id}`,
): string {
  let required = 0, bonus = 0;
  for (const ex of set.exercises) {
    const p = pointsOf(ex);
    required += p.required;
    bonus += p.bonus;
  }
  const ids = set.exercises.map((ex) => `\`${ex.id}.ts\``);
  const intro = [
    `# ${set.title}`,
    "",
    `One TypeScript module per exercise: ${ids.join(", ")}.`,
    "Each declares the exports its exercise asks for, with their types, and throws",
    '"not done yet" until you write them. Where an exercise needs them, the module',
    "imports `grad` and `np` from dualgrade's `mod.ts` on its first lines: keep that import.",
    "",
    `Grade your work from a dualgrade checkout with \`deno task grade <this folder> ${source}\`;`,
    `read the prompts in the terminal with \`deno task exercises ${source}\`.`,
    "Keep this README and any data files beside the modules: they are not graded.",
    "Checks marked hidden run at points you have not seen, so compute, do not copy numbers.",
    "",
    `In all: ${pointsLabel({ required, bonus })}.`,
    "",
  ];
  return [intro.join("\n"), ...set.exercises.map(exerciseMarkdown)].join("\n");
}
