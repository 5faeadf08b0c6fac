import { type DynamoDBDocumentClient, PutCommand, QueryCommand } from "@aws-sdk/lib-dynamodb";
import type { SeatCounts } from "@crm/domain";
import { collections, keys } from "./keys.js";
import { isConditionFailure } from "./transactions.js";

export type SeatSnapshot = { date: string; takenAt: string; seats: SeatCounts };

/** One record a day of how many people the tenant has, by role and status. */
export class SeatSnapshotRepository {
  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly tableName: string,
    private readonly tenantId: string,
  ) {}

  /** Saves the day's snapshot once; a second run for the same day keeps the first. Says whether it wrote. */
  async saveOnce(snapshot: SeatSnapshot): Promise<boolean> {
    try {
      await this.doc.send(
        new PutCommand({
          TableName: this.tableName,
          Item: { ...keys.seatSnapshot(this.tenantId, snapshot.date), ...snapshot },
          ConditionExpression: "attribute_not_exists(pk)",
        }),
      );
      return true;
    } catch (error) {
      if (isConditionFailure(error)) return false;
      throw error;
    }
  }

  /** The most recent days first. */
  async latest(days: number): Promise<SeatSnapshot[]> {
    const { Items } = await this.doc.send(
      new QueryCommand({
        TableName: this.tableName,
        KeyConditionExpression: "pk = :pk AND begins_with(sk, :seats)",
        ExpressionAttributeValues: { ":pk": collections.seatSnapshots(this.tenantId), ":seats": "SEATS#" },
        ScanIndexForward: false,
        Limit: days,
      }),
    );
    return (Items ?? []).map((item) => ({ date: item.date, takenAt: item.takenAt, seats: item.seats }));
  }
}
