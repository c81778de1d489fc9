// Replaced by the spec runner.
