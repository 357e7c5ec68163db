# tests/model/: protocols checked by a model checker, where the sanitizers
# cannot look. wakeup.pml: the need_wakeup handshake on x86-64's memory
# model (spin; skipped without it).
TESTS += tests/model/t-wakeup-model.sh
EXTRA_DIST += tests/model/t-wakeup-model.sh tests/model/wakeup.pml
