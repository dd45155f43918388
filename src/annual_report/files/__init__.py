"""The files the tool reads its settings from and writes: finding the workspace and reading its
``annual-report.toml`` (:mod:`.config`), writing outputs safely — atomically, never over an
input or somebody else's file (:mod:`.writing`)."""
