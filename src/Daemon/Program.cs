// Placeholder entry point; the daemon is built in src/Daemon.
return 0;
