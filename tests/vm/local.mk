# tests/vm/local.mk: filled in by its owner
