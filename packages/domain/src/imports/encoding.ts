/** The encodings a CSV file arrives in: what spreadsheets write, Chinese Excel's GBK included. */
export type CsvEncoding = "utf-8" | "gbk";
