"""Statistics, the annual report, the management dashboard and data exchange in JGJ/T 320 codes."""
