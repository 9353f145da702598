using Spamd.Client;

// spamc: runs once per message, so the start path stays small (no hosting, no DI, no reflection).
return SpamcProgram.Run(args);
