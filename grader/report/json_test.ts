import assert from "node:assert/strict";
import { RESULT_VERSION } from "../result.ts";
import { sampleResult } from "../testdata/sample_result.ts";
import { formatJson } from "./json.ts";

Deno.test("json: the whole result with the documented top-level fields", () => {
  const parsed = JSON.parse(formatJson(sampleResult()));
  assert.equal(parsed.version, RESULT_VERSION);
  assert.deepEqual(Object.keys(parsed).sort(), [
    "bonus",
    "bonusMax",
    "exercises",
    "folder",
    "ignoredFiles",
    "limits",
    "maxScore",
    "passed",
    "score",
    "seed",
    "set",
    "startedAt",
    "timings",
    "typecheck",
    "typecheckNote",
    "version",
  ]);
  assert.deepEqual(Object.keys(parsed.exercises[0]).sort(), [
    "bonus",
    "bonusMax",
    "checks",
    "file",
    "id",
    "maxScore",
    "output",
    "problems",
    "run",
    "score",
    "timings",
    "title",
    "typeErrors",
  ]);
  assert.deepEqual(Object.keys(parsed.exercises[0].checks[0]).sort(), [
    "export",
    "line",
    "message",
    "name",
    "optional",
    "passed",
    "points",
    "score",
    "tolerance",
    "visibility",
  ]);
  assert.deepEqual(parsed, sampleResult());
});

Deno.test("json: every field is documented in SCHEMA.md", async () => {
  const schema = await Deno.readTextFile(
    new URL("../SCHEMA.md", import.meta.url),
  );
  const result = sampleResult();
  const names = new Set<string>();
  const collect = (value: unknown) => {
    if (Array.isArray(value)) return value.forEach(collect);
    if (typeof value !== "object" || value === null) return;
    for (const [k, v] of Object.entries(value)) {
      names.add(k);
      collect(v);
    }
  };
  collect(result);
  for (const name of names) {
    assert.match(
      schema,
      new RegExp(`\\b${name}\\b`),
      `SCHEMA.md does not document ${name}`,
    );
  }
  assert.match(schema, new RegExp(`version.*${RESULT_VERSION}`));
});
