// Keeps the test target buildable until its suites land.
