import { loadNameReadings } from "@crm/domain";

// Tests call the data layer and the domain directly, as no edge does: the pinyin dictionary
// they may need is loaded once per test file (name-readings.ts says why it is not at import).
await loadNameReadings();
