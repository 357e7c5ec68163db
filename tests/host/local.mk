# tests/host: filled in by its owner
