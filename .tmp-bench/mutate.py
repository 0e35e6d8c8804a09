import subprocess, sys, re, json
U = "test/unit/time-zoned.test.ts test/unit/time-working-hours.test.ts test/unit/distribution-modes.test.ts test/unit/distribution-eligibility.test.ts test/unit/distribution-property.test.ts"
I = "test/integration/team-distribution.test.ts test/integration/team-durable-object.test.ts"
muts = json.load(open(sys.argv[1]))
for m in muts:
    name, path, old, new, which = m["name"], m["path"], m["old"], m["new"], m["tests"]
    src = open(path).read()
    if src.count(old) != 1:
        print(f"!! {name}: pattern count {src.count(old)}"); continue
    open(path, "w").write(src.replace(old, new))
    try:
        tests = U if which == "u" else I
        out = subprocess.run(f"timeout 600 npm exec -- vitest run --project workers {tests} --reporter=verbose", shell=True, capture_output=True, text=True).stdout
        fails = sorted(set(re.sub(r"\x1b\[[0-9;]*m", "", l).strip() for l in out.splitlines() if "×" in l))
        print(f"== {name}: {len(fails)} failing")
        for f in fails[:8]: print("   ", f[:150])
    finally:
        open(path, "w").write(src)
