"""What tests share: one place for helpers, so test modules never import each other.

* :data:`HOSTILE`: the markup typed into fields to prove it is shown as text, never run;
* :mod:`tests.support.browser`: a real ``attachwork serve`` and Chromium, and how a person
  reaches controls (by their visible names, with the keyboard);
* :mod:`tests.support.postgres`: a throwaway PostgreSQL cluster.
"""

from __future__ import annotations

#: Typed into every free-text field a test fills: if it ever ran, the page title would change.
HOSTILE = "<img src=x onerror=\"document.title='X'\">"
