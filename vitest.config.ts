import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    reporters: ["default", "./test/support/summary-reporter.ts"],
    projects: [
      {
        test: {
          name: "unit",
          include: ["packages/*/src/**/*.test.ts", "functions/src/**/*.test.ts"],
          setupFiles: ["test/support/name-readings.ts"],
          testTimeout: 20_000,
        },
      },
      {
        // The CDK app: template assertions and cdk-nag, offline.
        // Synthesis in beforeAll takes seconds, more on a loaded machine: hooks get the tests' time.
        test: {
          name: "infra",
          include: ["test/infra/**/*.test.ts"],
          testTimeout: 120_000,
          hookTimeout: 120_000,
        },
      },
      {
        // API and browser tests share one embedded stack (DynamoDB Local, cognito-local, the API, the web client).
        test: {
          name: "integration",
          include: ["test/api/**/*.test.ts", "test/browser/**/*.test.ts"],
          globalSetup: ["test/support/global-setup.ts"],
          setupFiles: ["test/support/name-readings.ts"],
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
      {
        // Each file starts a stack of its own on a data folder on disk and kills its parts (DynamoDB Local,
        // the identity provider) under it: not the shared stack, which the other suites need alive.
        test: {
          name: "resilience",
          include: ["test/resilience/**/*.test.ts"],
          setupFiles: ["test/support/name-readings.ts"],
          testTimeout: 120_000,
          hookTimeout: 120_000,
        },
      },
    ],
  },
});
