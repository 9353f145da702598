// Placeholder entry point; the learner is built in src/Learn.
return 0;
