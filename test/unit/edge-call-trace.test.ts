import { describe, expect, it } from "vitest";
import { CallTrace } from "../../worker/edge/call-trace";

const call = (trace: CallTrace, label: string) => trace.record("d1", label, async () => label);

describe("call trace depth", () => {
  it("gives calls started together one depth and a call that waited one more", async () => {
    const trace = new CallTrace(1);
    await Promise.all([call(trace, "a"), call(trace, "b")]);
    await call(trace, "c");
    expect(trace.summary()).toMatchObject({ calls: 3, depth: 2, after: 0 });
  });

  it("leaves out of the answer's depth what ran after it or had not finished", async () => {
    const trace = new CallTrace(1);
    await call(trace, "a");
    const pending = call(trace, "unawaited");
    trace.answer();
    await pending;
    await call(trace, "late");
    expect(trace.summary()).toMatchObject({ calls: 1, depth: 1, after: 1 });
  });
});
