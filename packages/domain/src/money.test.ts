import { describe, expect, it } from "vitest";
import { formatMoney, minorDigits, parseAmount } from "./money.js";

describe("amounts as people type them", () => {
  it("read grouping, symbols and currency words in minor units", () => {
    expect(parseAmount("1,299.50", "CNY")).toBe(129_950);
    expect(parseAmount("¥1,299.50", "CNY")).toBe(129_950);
    expect(parseAmount("￥1,299.50", "CNY")).toBe(129_950);
    expect(parseAmount("1299.5", "CNY")).toBe(129_950);
    expect(parseAmount(" 88元 ", "CNY")).toBe(8_800);
    expect(parseAmount("人民币 88", "CNY")).toBe(8_800);
    expect(parseAmount("US$ 12.50", "USD")).toBe(1_250);
    expect(parseAmount("1,234,567", "USD")).toBe(123_456_700);
    expect(parseAmount("１，２９９．５０", "CNY")).toBe(129_950);
  });

  it("read a decimal comma where the writing shows one", () => {
    expect(parseAmount("1 299,50", "EUR")).toBe(129_950);
    expect(parseAmount("1.299,50 €", "EUR")).toBe(129_950);
    expect(parseAmount("1\u202f299,5", "EUR")).toBe(129_950);
    expect(parseAmount("12,5", "EUR")).toBe(1_250);
    // Three digits after a lone comma are a thousands group, as in "1,299".
    expect(parseAmount("1,299", "EUR")).toBe(129_900);
  });

  it("read refunds written with a minus or in brackets", () => {
    expect(parseAmount("-20", "USD")).toBe(-2_000);
    expect(parseAmount("−20", "USD")).toBe(-2_000);
    expect(parseAmount("(20.00)", "USD")).toBe(-2_000);
  });

  it("refuse what is not an amount, or finer than the currency's minor unit", () => {
    for (const text of ["", " ", "abc", "-", "1..5", "1,299.50.3", "12-3", "1.2.3,4,5"])
      expect(parseAmount(text, "CNY"), text).toBeUndefined();
    expect(parseAmount("1.234", "CNY")).toBeUndefined();
    expect(parseAmount("5.5", "JPY")).toBeUndefined();
    expect(parseAmount("500", "JPY")).toBe(500);
    expect(parseAmount("1.500", "CNY")).toBe(150);
  });

  it("refuse letters that are not a currency, rather than drop them", () => {
    for (const text of ["1e3", "1E3", "12abc", "abc12", "1x2", "12 34 kg", "12USD34", "1 e 3", "0x10"])
      expect(parseAmount(text, "CNY"), text).toBeUndefined();
    // A currency's code or sign, before or after the number, is still read.
    expect(parseAmount("CNY 88", "CNY")).toBe(8_800);
    expect(parseAmount("88 cny", "CNY")).toBe(8_800);
    expect(parseAmount("CN¥1,299.50", "CNY")).toBe(129_950);
    expect(parseAmount("RMB88元", "CNY")).toBe(8_800);
    expect(parseAmount("HK$ 20", "HKD")).toBe(2_000);
    expect(parseAmount("-USD 20", "USD")).toBe(-2_000);
  });

  it("know each currency's minor digits", () => {
    expect(minorDigits("CNY")).toBe(2);
    expect(minorDigits("JPY")).toBe(0);
    expect(minorDigits("KWD")).toBe(3);
  });
});

describe("amounts shown to a reader", () => {
  it("use the reader's locale and the currency's symbol and digits", () => {
    expect(formatMoney(129_950, "CNY", "zh-CN")).toBe("¥1,299.50");
    expect(formatMoney(129_950, "CNY", "en")).toBe("CN¥1,299.50");
    expect(formatMoney(129_950, "USD", "en")).toBe("$1,299.50");
    expect(formatMoney(500, "JPY", "en")).toBe("¥500");
    expect(formatMoney(-2_000, "USD", "en")).toBe("-$20.00");
  });
});
