"""The flows the page and the command line share: hand-back files (open, preview, take in,
make), portable exports, session summaries and handouts, and erasure."""
