// Placeholder entry point; the load driver is built in benchmarks/LoadDriver.
return 0;
