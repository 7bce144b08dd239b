// Integration tests start real servers and processes; their deadlines are their own
// (waitFor with a timeout), this is only the outer bound per test.
jest.setTimeout(180_000);
