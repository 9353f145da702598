using Spamd.Client;

// Our P/Invokes (NativeSocket) are blittable: ReadyToRun can compile them instead of stubs generated at run time.
[assembly: System.Runtime.CompilerServices.DisableRuntimeMarshalling]

// spamc: runs once per message, so the start path stays small (no hosting, no DI, no reflection).
return SpamcProgram.Run(args);
