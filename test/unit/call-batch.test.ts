import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { CallBatch } from "../../worker/team/call-batch";

describe("CallBatch", () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it("runs the calls of one turn together, on the next turn, in arrival order", async () => {
    const passes: number[][] = [];
    let pass: number[] = [];
    const batch = new CallBatch((n: number) => (pass.push(n), n * 10));
    const answers = [1, 2, 3].map((n) => batch.add(n));
    expect(pass).toEqual([]);
    vi.runOnlyPendingTimers();
    passes.push(pass);
    pass = [];
    const later = batch.add(4);
    vi.runOnlyPendingTimers();
    passes.push(pass);
    expect(passes).toEqual([[1, 2, 3], [4]]);
    expect(await Promise.all([...answers, later])).toEqual([10, 20, 30, 40]);
  });

  it("fails only the call that threw", async () => {
    const batch = new CallBatch((n: number) => {
      if (n === 2) throw new Error("two");
      return n;
    });
    const answers = [1, 2, 3].map((n) => batch.add(n));
    vi.runOnlyPendingTimers();
    expect(await Promise.allSettled(answers)).toEqual([
      { status: "fulfilled", value: 1 },
      { status: "rejected", reason: new Error("two") },
      { status: "fulfilled", value: 3 },
    ]);
  });

  it("runs a full queue at once, and on flush(); a leftover timer finds nothing to do", async () => {
    const ran: number[] = [];
    const batch = new CallBatch((n: number) => ran.push(n), 3);
    void batch.add(1);
    void batch.add(2);
    expect(ran).toEqual([]);
    void batch.add(3);
    expect(ran).toEqual([1, 2, 3]);
    void batch.add(4);
    batch.flush();
    expect([ran, batch.pending]).toEqual([[1, 2, 3, 4], 0]);
    vi.runOnlyPendingTimers();
    expect(ran).toEqual([1, 2, 3, 4]);
  });
});
