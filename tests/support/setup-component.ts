// Loaded before every component-test file (jest setupFilesAfterEnv).
jest.setTimeout(60_000);
