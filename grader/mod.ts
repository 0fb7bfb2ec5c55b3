/**
 * dualgrade's grader as a library: grade one learner's folder, grade a
 * class into a gradebook, and the result types every report is made from.
 *
 * Learner code never runs in the calling process: each module is bundled
 * through a resolver that allows only the learner's own files and the
 * framework, and runs in a child process without permissions. Expected
 * values are computed here, from the set's reference solutions.
 *
 * ```ts
 * import { gradeSubmission } from "./mod.ts";
 * const result = await gradeSubmission("solutions/autograd", { seed: 1, only: ["01"], typecheck: false });
 * console.log(`${result.score}/${result.maxScore}`); // 5/5
 * ```
 *
 * @module
 */
export {
  DEFAULT_LIMITS,
  type GradeOptions,
  gradeSubmission,
  type Limits,
  type Planner,
  planSet,
  randomSeed,
  type SetPlan,
  SetupError,
} from "./grade.ts";
export {
  type BatchOptions,
  type BatchProgress,
  type BatchSummary,
  gradeBatch,
  type Shard,
} from "./batch.ts";
export {
  type CheckResult,
  type ExerciseResult,
  type GradeResult,
  type PlotNumber,
  type PlotValue,
  type ProbeRecord,
  RESULT_VERSION,
  type RunOutcome,
  type SampleSeries,
  type SetupReason,
} from "./result.ts";
export type { SamplePlan } from "./_pictures_data.ts";
export type { Alternative, Diagnosis, DiagnosisKind } from "./diagnose.ts";
export type { GradebookEntry } from "./gradebook.ts";
export type {
  TypecheckOptions,
  TypecheckOutcome,
  TypeDiagnostic,
} from "./_typecheck.ts";
export type {
  ByHandCheck,
  CallCheck,
  Check,
  CheckBase,
  Domain,
  Exercise,
  ExerciseSet,
  ExportSpec,
  Mistake,
  PlannedCheck,
  PlannedProperty,
  Probe,
  PropertyCheck,
  RandomPoints,
  Tolerance,
  ValueCheck,
  Visibility,
} from "../exercises/types.ts";
export {
  type DeferredCheck,
  freezePlan,
  loadPlanFile,
  type ThawedPlan,
  thawPlan,
} from "./plan_file.ts";
export { checkSet, type CheckSetOptions, type Finding } from "./check_set.ts";
export {
  type CourseConfig,
  findCourseConfig,
  type LoadedSet,
  type LoadedSource,
  loadSet,
  loadSource,
} from "./set_source.ts";
