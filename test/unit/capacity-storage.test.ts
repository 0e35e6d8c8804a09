import { describe, expect, it } from "vitest";
import { formatBytes, storageSummary } from "../../dashboard/src/components/storage";
import { databaseLimit, storageOf, D1_LIMIT_BYTES } from "../../worker/capacity/size";

describe("database storage against D1's limit", () => {
  it.each([
    [0, 0, false],
    [7_999_999_999, 0.8, false],
    [8_000_000_000, 0.8, true],
    [9_500_000_000, 0.95, true],
  ])("%d bytes of 10 GB is share %d, warning %s", (bytes, share, warning) => {
    expect(storageOf(bytes, D1_LIMIT_BYTES)).toEqual({ bytes, limitBytes: D1_LIMIT_BYTES, share, warning });
  });

  it("takes DATABASE_LIMIT_BYTES when it is a positive number, else 10 GB", () => {
    const env = (v: unknown) => ({ DATABASE_LIMIT_BYTES: v }) as unknown as Env;
    expect(databaseLimit(env("500000000"))).toBe(500_000_000);
    expect(databaseLimit(env("lots"))).toBe(D1_LIMIT_BYTES);
    expect(databaseLimit(env("-1"))).toBe(D1_LIMIT_BYTES);
    expect(databaseLimit({} as Env)).toBe(D1_LIMIT_BYTES);
  });

  it("reads as the dashboard shows it, with the warning only from 80%", () => {
    expect(formatBytes(6_512_640)).toBe("6.5 MB");
    expect(formatBytes(10_000_000_000)).toBe("10.0 GB");
    expect(storageSummary(storageOf(6_512_640, D1_LIMIT_BYTES))).toEqual({
      text: "6.5 MB of 10.0 GB (0.07%)",
      warning: null,
    });
    const full = storageSummary(storageOf(8_500_000_000, D1_LIMIT_BYTES));
    expect(full.text).toBe("8.5 GB of 10.0 GB (85%)");
    expect(full.warning).toMatch(/85% full/);
  });
});
