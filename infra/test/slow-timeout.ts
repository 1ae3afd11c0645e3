// Integration and e2e specs start databases and processes: their hooks need more than 5 s.
jest.setTimeout(120_000);
