// Placeholder entry point; the client is built in src/Client.
return 0;
