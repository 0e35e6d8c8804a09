import { describe, expect, it } from "vitest";
import { CallBatch } from "../../worker/team/call-batch";

/** A next turn the test ends by hand: `end()` settles every turn asked for so far. */
function turns() {
  const waiting: (() => void)[] = [];
  return {
    next: () => new Promise<void>((resolve) => waiting.push(resolve)),
    asked: () => waiting.length,
    end: async () => {
      for (const resolve of waiting.splice(0)) resolve();
      await new Promise((resolve) => setImmediate(resolve));
    },
  };
}

describe("CallBatch", () => {
  it("runs the calls of one turn together, on the next turn, in arrival order", async () => {
    const turn = turns();
    const passes: number[][] = [];
    let pass: number[] = [];
    const batch = new CallBatch((n: number) => (pass.push(n), n * 10), turn.next);
    const answers = [1, 2, 3].map((n) => batch.add(n));
    expect([pass, turn.asked()]).toEqual([[], 1]);
    await turn.end();
    passes.push(pass);
    pass = [];
    const later = batch.add(4);
    await turn.end();
    passes.push(pass);
    expect(passes).toEqual([[1, 2, 3], [4]]);
    expect(await Promise.all([...answers, later])).toEqual([10, 20, 30, 40]);
  });

  it("fails only the call that threw", async () => {
    const turn = turns();
    const batch = new CallBatch((n: number) => {
      if (n === 2) throw new Error("two");
      return n;
    }, turn.next);
    // Settled before the turn ends, so the rejection is never unhandled.
    const answers = Promise.allSettled([1, 2, 3].map((n) => batch.add(n)));
    await turn.end();
    expect(await answers).toEqual([
      { status: "fulfilled", value: 1 },
      { status: "rejected", reason: new Error("two") },
      { status: "fulfilled", value: 3 },
    ]);
  });

  it("still runs the queue when the turn fails", async () => {
    const batch = new CallBatch(
      (n: number) => n,
      () => Promise.reject(new Error("no turn")),
    );
    expect(await Promise.all([batch.add(1), batch.add(2)])).toEqual([1, 2]);
  });

  it("runs a full queue at once, and on flush(); a leftover turn finds nothing to do", async () => {
    const turn = turns();
    const ran: number[] = [];
    const batch = new CallBatch((n: number) => ran.push(n), turn.next, 3);
    void batch.add(1);
    void batch.add(2);
    expect(ran).toEqual([]);
    void batch.add(3);
    expect(ran).toEqual([1, 2, 3]);
    void batch.add(4);
    batch.flush();
    expect([ran, batch.pending]).toEqual([[1, 2, 3, 4], 0]);
    await turn.end();
    expect(ran).toEqual([1, 2, 3, 4]);
  });
});
