// Filled in by the issue that needs it; see the package README.
export {};
