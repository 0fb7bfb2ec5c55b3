import assert from "node:assert/strict";
import { confine, diesWithGrader } from "./_confine.ts";

Deno.test("confine: the child runs under the CPU and data limits asked for", {
  ignore: Deno.build.os === "windows",
}, async () => {
  const { program, args } = confine(
    "/bin/sh",
    ["-c", 'echo "$(ulimit -t) $(ulimit -d)"'],
    { cpuSeconds: 6.2, dataKb: 123456 },
  );
  const out = await new Deno.Command(program, { args, stdout: "piped" })
    .output();
  assert.ok(out.success);
  assert.equal(new TextDecoder().decode(out.stdout), "7 123456\n");
});

Deno.test(
  "confine: with setpriv the child is exec'd with a parent-death signal (behaviour: hostile_test.ts)",
  {
    ignore: !diesWithGrader(),
  },
  () => {
    const { program, args } = confine("/bin/true", ["x"], { cpuSeconds: 5 });
    assert.equal(program, "/bin/sh");
    assert.match(
      args[1],
      /^ulimit -t 5 && exec \S*setpriv --pdeathsig KILL -- "\$0" "\$@"$/,
    );
    assert.deepEqual(args.slice(2), ["/bin/true", "x"]);
  },
);
