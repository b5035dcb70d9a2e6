// A browser flow (start a server, log in, tap through pages) may take longer than an API test.
jest.setTimeout(120_000);
